using System.Diagnostics;
using System.Globalization;

namespace Calico.Datastore.WatchLatency;

/// <summary>Writes unconditional updates to one key, spaced apart, recording when each commit returned.</summary>
internal static class Writer
{
    public static readonly ResourceKey Key = ResourceKey.Cluster("IPPool", "latency");

    public static async Task<CommitTimes> RunAsync(IDatastore store, int writes, double spacingMs, CancellationToken ct)
    {
        var times = new CommitTimes();
        for (var i = 1; i <= writes; i++)
        {
            var written = await store.UpdateAsync(Key, i.ToString(CultureInfo.InvariantCulture), null, ct);
            times.Record(written.Revision, Stopwatch.GetTimestamp());
            await Task.Delay(TimeSpan.FromMilliseconds(spacingMs), ct);
        }

        return times;
    }
}
