using System.Threading.Channels;
using Calico.Client.Syncing;
using Calico.Datastore;
using Microsoft.Extensions.Logging;

namespace Calico.Typha.Cache;

/// <summary>
/// The one datastore follower of a Typha: a <see cref="StoredResourceFollower"/> over every kind any syncer type
/// needs, whose updates are handed to each <see cref="SnapshotCache"/> that follows their kind, in batches (what has
/// arrived while the previous batch was applied, up to <see cref="MaxBatch"/>), so a burst of writes makes few crumbs.
/// If the datastore fails, the same follower runs again after a back-off and reports only the differences.
/// </summary>
internal sealed partial class DatastoreFeed(IDatastore datastore, IReadOnlyList<SnapshotCache> caches, ILogger logger, TimeProvider time)
{
    /// <summary>Updates applied in one batch (one crumb) at most.</summary>
    public const int MaxBatch = 1000;

    private readonly StoredResourceFollower _follower = new(
        datastore,
        [.. SyncerKinds.All.Where(t => caches.Any(c => c.SyncerType == t)).SelectMany(SyncerKinds.For).Select(k => k.StoreKind).Distinct(StringComparer.Ordinal)]);

    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!ct.IsCancellationRequested)
        {
            var updates = Channel.CreateBounded<StoredSyncUpdate>(new BoundedChannelOptions(MaxBatch * 4) { SingleReader = true, SingleWriter = true });
            var pump = _follower.RunAsync(ct).PumpAsync(updates.Writer, ct);
            try
            {
                var batch = new List<StoredSyncUpdate>(MaxBatch);
                while (await updates.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
                {
                    while (batch.Count < MaxBatch && updates.Reader.TryRead(out var update))
                    {
                        batch.Add(update);
                        if (update is StoredResyncing resyncing)
                        {
                            LogResyncing(logger, resyncing.Reason);
                        }
                        else if (update is StoredInSync sync)
                        {
                            LogInSync(logger, sync.Revision);
                            backoff = TimeSpan.FromMilliseconds(100);
                        }
                    }

                    foreach (var cache in caches)
                    {
                        cache.Apply(batch);
                    }

                    batch.Clear();
                }

                await pump.ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogFollowerFailed(logger, backoff.TotalSeconds, e.Message);
            }

            await Task.Delay(backoff, time, ct).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "In sync with the datastore at revision {Revision}")]
    private static partial void LogInSync(ILogger logger, long revision);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Re-listing the datastore: {Reason}")]
    private static partial void LogResyncing(ILogger logger, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Following the datastore failed; trying again in {Seconds}s: {Error}")]
    private static partial void LogFollowerFailed(ILogger logger, double seconds, string error);
}
