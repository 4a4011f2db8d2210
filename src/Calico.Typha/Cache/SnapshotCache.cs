using System.Collections.Immutable;
using Calico.Client.Syncing;
using Calico.Datastore;
using Calico.Typha.Protocol;
using Calico.Typha.Server;

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
    private readonly Lock _compressing = new();
    private Breadcrumb _current;
    private Task<CompressedSnapshot>? _compressed;
    private long _snapshotsCompressed;
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

    /// <summary>How many times the snapshot was compressed (once per reuse window at most, however many clients join).</summary>
    public long SnapshotsCompressed => Interlocked.Read(ref _snapshotsCompressed);

    /// <summary>The size of the last compressed snapshot, 0 before the first.</summary>
    public long CompressedSnapshotBytes => Volatile.Read(ref _compressed) is { IsCompletedSuccessfully: true } done ? done.Result.CompressedBytes : 0;

    /// <summary>
    /// The snapshot compressed once for every client that joins while it is fresh: the one being built, or the last
    /// built if its crumb is current or the first change after it is at most <see cref="TyphaServerOptions.SnapshotReuse"/>
    /// old (the client catches up from there). Otherwise the current crumb is compressed, off the caller's thread.
    /// </summary>
    public Task<CompressedSnapshot> CompressedSnapshotAsync(TyphaServerOptions options)
    {
        lock (_compressing)
        {
            var now = _time.GetUtcNow();
            if (_compressed is { } existing && !existing.IsFaulted && !existing.IsCanceled
                && (!existing.IsCompleted || existing.Result.Crumb.Next is not { } next || now - next.CreatedAt <= options.SnapshotReuse))
            {
                return existing;
            }

            var crumb = Current;
            Interlocked.Increment(ref _snapshotsCompressed);
            _compressed = Task.Run(() => CompressedSnapshot.Build(crumb, options.MaxKvsPerBatch, options.BatchBytes, options.CompressedChunkBytes, options.CompressionLevel));
            return _compressed;
        }
    }

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
