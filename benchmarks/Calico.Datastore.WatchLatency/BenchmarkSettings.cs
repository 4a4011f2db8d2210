using System.Globalization;

namespace Calico.Datastore.WatchLatency;

/// <summary>
/// Command-line settings: <c>--writes 500 --spacing-ms 2 --poll-ms 100 --notify true --durable true --throughput-writes 1000</c>.
/// </summary>
internal sealed record BenchmarkSettings(int Writes, double SpacingMs, double PollMs, bool Notify, int ThroughputWrites, bool Durable)
{
    public static BenchmarkSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new BenchmarkSettings(Writes: 500, SpacingMs: 2, PollMs: 100, Notify: true, ThroughputWrites: 1000, Durable: true);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--writes" => settings with { Writes = int.Parse(value, CultureInfo.InvariantCulture) },
                "--spacing-ms" => settings with { SpacingMs = double.Parse(value, CultureInfo.InvariantCulture) },
                "--poll-ms" => settings with { PollMs = double.Parse(value, CultureInfo.InvariantCulture) },
                "--throughput-writes" => settings with { ThroughputWrites = int.Parse(value, CultureInfo.InvariantCulture) },
                "--notify" => settings with { Notify = bool.Parse(value) },
                "--durable" => settings with { Durable = bool.Parse(value) },
                _ => settings,
            };
        }

        return settings;
    }

    public SqliteDatastoreOptions StoreOptions(string path) => new()
    {
        Path = path,
        WatchPollInterval = TimeSpan.FromMilliseconds(PollMs),
        WatchFileNotifications = Notify,
        DurableCommits = Durable,
    };
}
