using Calico.Datastore;

namespace Calico.Client.Tests.Migration;

/// <summary>
/// A real store seen through transaction limits (as etcd sets them), with a hook that runs before a chosen commit: to
/// write something concurrently, or to fail it. Everything else goes to the inner store.
/// </summary>
public sealed class LimitedDatastore(IDatastore inner, int maxOperations, int maxBytes = 1 << 20) : IDatastore, IWholeStoreListing, ITransactionLimits
{
    private int _commits;

    /// <summary>Runs before commit number <see cref="HookAtCommit"/> (1-based).</summary>
    public Func<IDatastore, Task>? BeforeCommit { get; init; }

    public int HookAtCommit { get; init; }

    public int Commits => _commits;

    public int MaxOperationsPerTransaction => maxOperations;

    public int MaxBytesPerTransaction => maxBytes;

    public string BackendName => inner.BackendName;

    public async ValueTask<IReadOnlyList<StoredResource>> CommitAsync(IReadOnlyList<TransactionOp> ops, CancellationToken ct = default)
    {
        Assert.True(ops.Count <= maxOperations, $"a transaction of {ops.Count} operations exceeds the limit of {maxOperations}");
        if (Interlocked.Increment(ref _commits) == HookAtCommit && BeforeCommit is { } hook)
        {
            await hook(inner);
        }

        return await inner.CommitAsync(ops, ct);
    }

    public ValueTask<ListResult> ListAllAsync(CancellationToken ct = default) => ((IWholeStoreListing)inner).ListAllAsync(ct);

    public ValueTask<StoredResource?> GetAsync(ResourceKey key, CancellationToken ct = default) => inner.GetAsync(key, ct);

    public ValueTask<ListResult> ListAsync(string kind, string? ns = null, CancellationToken ct = default) => inner.ListAsync(kind, ns, ct);

    public ValueTask<StoredResource> CreateAsync(ResourceKey key, string value, CancellationToken ct = default) => inner.CreateAsync(key, value, ct);

    public ValueTask<StoredResource> UpdateAsync(ResourceKey key, string value, long? expectedRevision, CancellationToken ct = default) => inner.UpdateAsync(key, value, expectedRevision, ct);

    public ValueTask<StoredResource> DeleteAsync(ResourceKey key, long? expectedRevision = null, CancellationToken ct = default) => inner.DeleteAsync(key, expectedRevision, ct);

    public IAsyncEnumerable<WatchEvent> WatchAsync(WatchOptions options, CancellationToken ct = default) => inner.WatchAsync(options, ct);

    public ValueTask<long> GetRevisionAsync(CancellationToken ct = default) => inner.GetRevisionAsync(ct);

    public ValueTask CompactAsync(long revision, CancellationToken ct = default) => inner.CompactAsync(revision, ct);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
