using System.Buffers;
using System.Collections.Immutable;
using Calico.Datastore;
using Calico.Typha.Protocol;

namespace Calico.Typha.Cache;

/// <summary>
/// One immutable step of a syncer type's history: the whole snapshot after it, the deltas that led from the previous
/// crumb to it, and whether the datastore follower was in sync. Crumbs form a chain; a client takes the current crumb,
/// sends its snapshot, then follows <see cref="NextAsync"/> at its own pace. Nothing but the clients still behind holds
/// an old crumb, so the chain behind the slowest client is garbage.
/// </summary>
internal sealed class Breadcrumb
{
    private readonly TaskCompletionSource<Breadcrumb> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Breadcrumb? _published;
    private byte[]? _deltaFrames;

    public Breadcrumb(long sequence, ImmutableDictionary<ResourceKey, EncodedKv> snapshot, long snapshotBytes, IReadOnlyList<EncodedKv> deltas, long updatesBefore, bool inSync, long revision, DateTimeOffset createdAt)
    {
        Sequence = sequence;
        Snapshot = snapshot;
        SnapshotBytes = snapshotBytes;
        Deltas = deltas;
        UpdatesThrough = updatesBefore + deltas.Count;
        InSync = inSync;
        Revision = revision;
        CreatedAt = createdAt;
    }

    /// <summary>0 for the empty crumb a cache starts with, then 1, 2, ...</summary>
    public long Sequence { get; }

    /// <summary>Every key present after this crumb (deletions are absent).</summary>
    public ImmutableDictionary<ResourceKey, EncodedKv> Snapshot { get; }

    /// <summary>The encoded size of <see cref="Snapshot"/>.</summary>
    public long SnapshotBytes { get; }

    /// <summary>What changed since the previous crumb, one entry per key, in the order first changed.</summary>
    public IReadOnlyList<EncodedKv> Deltas { get; }

    /// <summary>How many deltas all crumbs up to this one carry: the difference between two crumbs is how far apart they are.</summary>
    public long UpdatesThrough { get; }

    public bool InSync { get; }

    /// <summary>The highest datastore revision reflected.</summary>
    public long Revision { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>The next crumb, once published; null while this is the newest.</summary>
    public Breadcrumb? Next => Volatile.Read(ref _published);

    /// <summary>Completes when the next crumb is published; cancelled when the cache stops.</summary>
    public Task<Breadcrumb> NextAsync => _next.Task;

    /// <summary>
    /// <see cref="Deltas"/> as KvBatch frames, encoded by the first client that needs them and then written as they are
    /// by every other (the limits are the server's, the same for all).
    /// </summary>
    public byte[] DeltaFrames(int maxKvs, int batchBytes)
    {
        if (Volatile.Read(ref _deltaFrames) is { } frames)
        {
            return frames;
        }

        var output = new ArrayBufferWriter<byte>();
        var writer = new KvBatchFrameWriter(output, maxKvs, batchBytes);
        foreach (var kv in Deltas)
        {
            writer.Add(kv.Bytes);
        }

        writer.Flush();
        frames = output.WrittenSpan.ToArray();
        return Interlocked.CompareExchange(ref _deltaFrames, frames, null) ?? frames;
    }

    public void Publish(Breadcrumb next)
    {
        Volatile.Write(ref _published, next);
        _next.TrySetResult(next);
    }

    public void Stop() => _next.TrySetCanceled();
}
