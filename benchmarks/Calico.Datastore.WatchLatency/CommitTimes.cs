using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Calico.Datastore.WatchLatency;

/// <summary>
/// When each revision's write returned to its writer, as <see cref="Stopwatch.GetTimestamp"/> ticks. On Linux
/// these come from CLOCK_MONOTONIC, so they compare across processes on one machine.
/// </summary>
internal sealed class CommitTimes
{
    private readonly ConcurrentDictionary<long, long> _ticks = new();

    public void Record(long revision, long ticks) => _ticks[revision] = ticks;

    public bool TryGet(long revision, out long ticks) => _ticks.TryGetValue(revision, out ticks);

    /// <summary>Writes a writer process's results: one "revision ticks" line each.</summary>
    public async Task WriteAsync(TextWriter output)
    {
        foreach (var (revision, ticks) in _ticks.OrderBy(p => p.Key))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{revision} {ticks}"));
        }
    }

    public static CommitTimes Parse(string text)
    {
        var times = new CommitTimes();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            times.Record(long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        return times;
    }
}
