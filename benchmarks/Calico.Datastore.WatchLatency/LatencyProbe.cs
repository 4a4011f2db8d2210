using System.Collections.Concurrent;
using System.Diagnostics;

namespace Calico.Datastore.WatchLatency;

/// <summary>Watches the benchmark key and records when each revision was delivered.</summary>
internal sealed class LatencyProbe
{
    private readonly ConcurrentDictionary<long, long> _delivered = new();

    /// <summary>Starts watching after the store's current revision; completes once <paramref name="count"/> events arrived.</summary>
    public static async Task<(LatencyProbe Probe, Task Completion)> StartAsync(IDatastore watcher, int count, CancellationToken ct)
    {
        var probe = new LatencyProbe();
        var after = await watcher.GetRevisionAsync(ct);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var completion = Task.Run(
            async () =>
            {
                var watch = watcher.WatchAsync(new WatchOptions(Writer.Key.Kind, AfterRevision: after), ct).GetAsyncEnumerator(ct);
                await using (watch)
                {
                    var next = watch.MoveNextAsync();
                    started.SetResult();
                    for (var received = 0; received < count; received++)
                    {
                        if (!await next)
                        {
                            return;
                        }

                        probe._delivered[watch.Current.Revision] = Stopwatch.GetTimestamp();
                        if (received + 1 < count)
                        {
                            next = watch.MoveNextAsync();
                        }
                    }
                }
            },
            ct);
        await started.Task;
        await Task.Delay(50, ct); // let the watch reach its wait before the first write
        return (probe, completion);
    }

    /// <summary>Delivery minus commit time for every revision written.</summary>
    public LatencySummary Summarize(CommitTimes commits, IEnumerable<long> revisions) =>
        LatencySummary.From(revisions.Select(revision =>
        {
            if (!_delivered.TryGetValue(revision, out var delivered) || !commits.TryGet(revision, out var committed))
            {
                throw new InvalidOperationException($"Revision {revision} was written but not delivered.");
            }

            return Stopwatch.GetElapsedTime(committed, delivered).TotalMilliseconds;
        }));

    public IReadOnlyCollection<long> Revisions => [.. _delivered.Keys];
}
