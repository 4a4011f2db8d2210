using Calico.Datastore;

namespace Calico.Ipam.Tests;

/// <summary>
/// A process's view of a shared datastore that dies at its N-th write: before or after the write reaches the store, by
/// throwing or by hanging. After that every call fails, as nothing of a dead process runs any more.
/// </summary>
public sealed class FaultyDatastore(IDatastore inner, int faultAtWrite, FaultMode mode, CancellationToken stopped) : IDatastore
{
    private readonly TaskCompletionSource _died = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _writes;

    public string BackendName => inner.BackendName;

    /// <summary>Completes when the fault fires.</summary>
    public Task Died => _died.Task;

    public bool IsDead => _died.Task.IsCompleted;

    public ValueTask<StoredResource?> GetAsync(ResourceKey key, CancellationToken ct = default) => Read(() => inner.GetAsync(key, ct));

    public ValueTask<ListResult> ListAsync(string kind, string? ns = null, CancellationToken ct = default) => Read(() => inner.ListAsync(kind, ns, ct));

    public ValueTask<long> GetRevisionAsync(CancellationToken ct = default) => Read(() => inner.GetRevisionAsync(ct));

    public ValueTask<StoredResource> CreateAsync(ResourceKey key, string value, CancellationToken ct = default) => WriteAsync(() => inner.CreateAsync(key, value, ct));

    public ValueTask<StoredResource> UpdateAsync(ResourceKey key, string value, long? expectedRevision, CancellationToken ct = default) =>
        WriteAsync(() => inner.UpdateAsync(key, value, expectedRevision, ct));

    public ValueTask<StoredResource> DeleteAsync(ResourceKey key, long? expectedRevision = null, CancellationToken ct = default) =>
        WriteAsync(() => inner.DeleteAsync(key, expectedRevision, ct));

    public ValueTask<IReadOnlyList<StoredResource>> CommitAsync(IReadOnlyList<TransactionOp> ops, CancellationToken ct = default) =>
        WriteAsync(() => inner.CommitAsync(ops, ct));

    public IAsyncEnumerable<WatchEvent> WatchAsync(WatchOptions options, CancellationToken ct = default) => inner.WatchAsync(options, ct);

    public ValueTask CompactAsync(long revision, CancellationToken ct = default) => inner.CompactAsync(revision, ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private ValueTask<T> Read<T>(Func<ValueTask<T>> read)
    {
        ThrowIfDead();
        return read();
    }

    private async ValueTask<T> WriteAsync<T>(Func<ValueTask<T>> write)
    {
        ThrowIfDead();
        if (++_writes != faultAtWrite)
        {
            return await write();
        }

        if (mode is FaultMode.ThrowAfter or FaultMode.StopAfter)
        {
            try
            {
                await write();
            }
            catch (DatastoreException)
            {
                // The write lost a race; the process dies all the same.
            }
        }

        _died.TrySetResult();
        if (mode is FaultMode.StopBefore or FaultMode.StopAfter)
        {
            await Task.Delay(Timeout.Infinite, stopped);
        }

        throw new DatastoreUnavailableException($"injected fault at write {faultAtWrite} ({mode})");
    }

    private void ThrowIfDead()
    {
        if (IsDead)
        {
            throw new DatastoreUnavailableException("the process is dead");
        }
    }
}
