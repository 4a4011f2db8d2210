using Calico.Datastore;

namespace Calico.Typha.Tests;

/// <summary>A real datastore whose lists wait until <see cref="Open"/>: holds a Typha "listing" for as long as a test needs.</summary>
internal sealed class GatedDatastore(IDatastore inner) : IDatastore
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string BackendName => inner.BackendName;

    public void Open() => _open.TrySetResult();

    public async ValueTask<ListResult> ListAsync(string kind, string? ns = null, CancellationToken ct = default)
    {
        await _open.Task.WaitAsync(ct);
        return await inner.ListAsync(kind, ns, ct);
    }

    public ValueTask<StoredResource?> GetAsync(ResourceKey key, CancellationToken ct = default) => inner.GetAsync(key, ct);

    public ValueTask<StoredResource> CreateAsync(ResourceKey key, string value, CancellationToken ct = default) => inner.CreateAsync(key, value, ct);

    public ValueTask<StoredResource> UpdateAsync(ResourceKey key, string value, long? expectedRevision, CancellationToken ct = default) => inner.UpdateAsync(key, value, expectedRevision, ct);

    public ValueTask<StoredResource> DeleteAsync(ResourceKey key, long? expectedRevision = null, CancellationToken ct = default) => inner.DeleteAsync(key, expectedRevision, ct);

    public ValueTask<IReadOnlyList<StoredResource>> CommitAsync(IReadOnlyList<TransactionOp> ops, CancellationToken ct = default) => inner.CommitAsync(ops, ct);

    public IAsyncEnumerable<WatchEvent> WatchAsync(WatchOptions options, CancellationToken ct = default) => inner.WatchAsync(options, ct);

    public ValueTask<long> GetRevisionAsync(CancellationToken ct = default) => inner.GetRevisionAsync(ct);

    public ValueTask CompactAsync(long revision, CancellationToken ct = default) => inner.CompactAsync(revision, ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
