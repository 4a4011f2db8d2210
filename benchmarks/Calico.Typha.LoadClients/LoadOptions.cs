using System.Globalization;

namespace Calico.Typha.LoadClients;

/// <summary>Command-line settings shared by the modes (see Program.cs for the usage).</summary>
internal sealed record LoadOptions(
    string Mode,
    StoreSpec Store,
    string PlanPath,
    int Receivers,
    string? TyphaAddress,
    int Stores,
    int Updates,
    TimeSpan Pause,
    TimeSpan RoundTimeout,
    bool WaitForGo,
    StoreSpec? SeedFrom,
    int InflateEvery = 20,
    int? TyphaPid = null)
{
    public static LoadOptions Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ArgumentException("no mode given");
        }

        string? Option(string name)
        {
            var i = Array.IndexOf(args, name);
            return i < 0 ? null : i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} needs a value");
        }

        int Int(string name, int fallback) => Option(name) is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : throw new ArgumentException($"{name} {text}: not a positive integer")
            : fallback;

        string Required(string name) => Option(name) ?? throw new ArgumentException($"{args[0]} needs {name}");

        var mode = args[0];
        return mode switch
        {
            "typha" => new LoadOptions(mode, StoreSpec.Parse(Required("--store"), "--store"), Required("--plan"), Int("--clients", 2000), Required("--typha"),
                1, Int("--updates", 50), TimeSpan.FromMilliseconds(Int("--pause-ms", 200)), TimeSpan.FromSeconds(Int("--round-timeout-s", 30)), args.Contains("--wait-for-go"), null,
                Int("--inflate-every", 20), Option("--typha-pid") is null ? null : Int("--typha-pid", 0)),
            "watch" => new LoadOptions(mode, StoreSpec.Parse(Required("--store"), "--store"), Required("--plan"), Int("--watchers", 2000), null,
                Int("--stores", 1), Int("--updates", 50), TimeSpan.FromMilliseconds(Int("--pause-ms", 200)), TimeSpan.FromSeconds(Int("--round-timeout-s", 30)), false, null),
            "seed" => new LoadOptions(mode, StoreSpec.Parse(Required("--store"), "--store"), string.Empty, 0, null, 1, 0, TimeSpan.Zero, TimeSpan.Zero, false,
                StoreSpec.Parse(Required("--from"), "--from")),
            _ => throw new ArgumentException($"unknown mode {mode}"),
        };
    }
}
