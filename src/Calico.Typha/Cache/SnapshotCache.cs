using System.Collections.Immutable;
using Calico.Client.Syncing;
using Calico.Datastore;
using Calico.Typha.Protocol;

namespace Calico.Typha.Cache;

/// <summary>
/// One syncer type's snapshot and breadcrumb chain. The datastore feed applies batches of stored updates (one
/// writer); each batch that changes something becomes one new <see cref="Breadcrumb"/>. Each key's state is encoded
/// once, and the snapshot shares unchanged entries with the previous crumb's (an immutable map), so a crumb costs
/// only its changes. A rewrite with identical text is skipped.
/// </summary>
internal sealed class SnapshotCache
{
    private readonly HashSet<string> _kinds;
    private readonly TimeProvider _time;
    private Breadcrumb _current;
    private long _updatesApplied;
    private long _updatesSkipped;

    public SnapshotCache(SyncerType syncerType, TimeProvider time)
    {
        SyncerType = syncerType;
        _kinds = new HashSet<string>(SyncerKinds.For(syncerType).Select(k => k.StoreKind), StringComparer.Ordinal);
        _time = time;
        _current = new Breadcrumb(0, ImmutableDictionary<ResourceKey, EncodedKv>.Empty, 0, [], 0, inSync: false, revision: 0, time.GetUtcNow());
    }

    public SyncerType SyncerType { get; }

    /// <summary>The newest crumb.</summary>
    public Breadcrumb Current => Volatile.Read(ref _current);

    public long UpdatesApplied => Interlocked.Read(ref _updatesApplied);

    public long UpdatesSkipped => Interlocked.Read(ref _updatesSkipped);

    /// <summary>Whether this cache holds keys of <paramref name="storeKind"/>.</summary>
    public bool Follows(string storeKind) => _kinds.Contains(storeKind);

    /// <summary>Applies a batch of updates (of the kinds it follows; others are ignored) and publishes a crumb if anything changed.</summary>
    public void Apply(IReadOnlyList<StoredSyncUpdate> batch)
    {
        var previous = _current;
        var snapshot = previous.Snapshot.ToBuilder();
        var snapshotBytes = previous.SnapshotBytes;
        var deltas = new List<EncodedKv>();
        var deltaIndex = new Dictionary<ResourceKey, int>();
        var inSync = previous.InSync;
        var revision = previous.Revision;
        foreach (var update in batch)
        {
            EncodedKv? encoded = null;
            switch (update)
            {
                case StoredResourceChanged changed when _kinds.Contains(changed.Key.Kind):
                    revision = Math.Max(revision, changed.Revision);
                    var bytes = KvEncoding.Encode(changed.Key, changed.Revision, changed.Value);
                    if (snapshot.TryGetValue(changed.Key, out var existing) && existing.Bytes.AsSpan().SequenceEqual(bytes))
                    {
                        Interlocked.Increment(ref _updatesSkipped);
                        break;
                    }

                    encoded = new EncodedKv(changed.Key, bytes, isDeletion: false);
                    snapshotBytes += bytes.Length - (existing?.Bytes.Length ?? 0);
                    snapshot[changed.Key] = encoded;
                    break;
                case StoredResourceDeleted deleted when _kinds.Contains(deleted.Key.Kind):
                    revision = Math.Max(revision, deleted.Revision);
                    if (!snapshot.TryGetValue(deleted.Key, out var removed))
                    {
                        Interlocked.Increment(ref _updatesSkipped);
                        break;
                    }

                    snapshotBytes -= removed.Bytes.Length;
                    snapshot.Remove(deleted.Key);
                    encoded = new EncodedKv(deleted.Key, KvEncoding.Encode(deleted.Key, deleted.Revision, value: null), isDeletion: true);
                    break;
                case StoredInSync sync:
                    inSync = true;
                    revision = Math.Max(revision, sync.Revision);
                    break;
            }

            if (encoded is null)
            {
                continue;
            }

            Interlocked.Increment(ref _updatesApplied);
            if (deltaIndex.TryGetValue(encoded.Key, out var at))
            {
                deltas[at] = encoded;
            }
            else
            {
                deltaIndex[encoded.Key] = deltas.Count;
                deltas.Add(encoded);
            }
        }

        if (deltas.Count == 0 && inSync == previous.InSync && revision == previous.Revision)
        {
            return;
        }

        var next = new Breadcrumb(previous.Sequence + 1, snapshot.ToImmutable(), snapshotBytes, deltas, previous.UpdatesThrough, inSync, revision, _time.GetUtcNow());
        Volatile.Write(ref _current, next);
        previous.Publish(next);
    }

    /// <summary>Wakes every follower of the chain with a cancellation (the server is stopping).</summary>
    public void Stop() => Current.Stop();
}
