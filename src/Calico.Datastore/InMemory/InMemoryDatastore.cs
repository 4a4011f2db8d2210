using System.Runtime.CompilerServices;
using Calico.Datastore.Watching;

namespace Calico.Datastore.InMemory;

/// <summary>
/// An in-process <see cref="IDatastore"/> with the same semantics as the persistent backends, for unit tests of
/// the components above the datastore. One lock guards everything; watches read the in-memory change log.
/// </summary>
internal sealed class InMemoryDatastore : IDatastore, IChangeSource, IWholeStoreListing
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ResourceKey, StoredResource> _resources = [];
    private readonly List<LoggedChange> _log = [];
    private readonly RevisionSignal _signal = new();
    private readonly CancellationTokenSource _disposing = new();
    private long _revision;
    private long _compacted;
    private bool _disposed;

    public string BackendName => DatastoreBackendNames.InMemory;

    public ValueTask<StoredResource?> GetAsync(ResourceKey key, CancellationToken ct = default)
    {
        key.ThrowIfInvalid(nameof(key));
        ct.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfDisposed();
            return ValueTask.FromResult(_resources.GetValueOrDefault(key));
        }
    }

    public ValueTask<ListResult> ListAsync(string kind, string? ns = null, CancellationToken ct = default)
    {
        ResourceKeyExtensions.ThrowIfInvalidKind(kind, nameof(kind));
        ResourceKeyExtensions.ThrowIfInvalidNamespace(ns, nameof(ns));
        ct.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfDisposed();
            var items = _resources.Values
                .Where(r => string.Equals(r.Key.Kind, kind, StringComparison.Ordinal) &&
                    (ns is null || string.Equals(r.Key.Namespace, ns, StringComparison.Ordinal)))
                .OrderBy(r => r.Key.Namespace ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(r => r.Key.Name, StringComparer.Ordinal)
                .ToList();
            return ValueTask.FromResult(new ListResult(items, _revision));
        }
    }

    public ValueTask<ListResult> ListAllAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfDisposed();
            var items = _resources.Values
                .OrderBy(r => r.Key.Kind, StringComparer.Ordinal)
                .ThenBy(r => r.Key.Namespace ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(r => r.Key.Name, StringComparer.Ordinal)
                .ToList();
            return ValueTask.FromResult(new ListResult(items, _revision));
        }
    }

    public ValueTask<StoredResource> CreateAsync(ResourceKey key, string value, CancellationToken ct = default)
    {
        key.ThrowIfInvalid(nameof(key));
        ArgumentNullException.ThrowIfNull(value);
        return ApplySingle(new TransactionOp.Create(key, value), ct);
    }

    public ValueTask<StoredResource> UpdateAsync(ResourceKey key, string value, long? expectedRevision, CancellationToken ct = default)
    {
        key.ThrowIfInvalid(nameof(key));
        ArgumentNullException.ThrowIfNull(value);
        return ApplySingle(new TransactionOp.Update(key, value, expectedRevision), ct);
    }

    public ValueTask<StoredResource> DeleteAsync(ResourceKey key, long? expectedRevision = null, CancellationToken ct = default)
    {
        key.ThrowIfInvalid(nameof(key));
        return ApplySingle(new TransactionOp.Delete(key, expectedRevision), ct);
    }

    public ValueTask<IReadOnlyList<StoredResource>> CommitAsync(IReadOnlyList<TransactionOp> ops, CancellationToken ct = default)
    {
        ops.ThrowIfInvalid(nameof(ops));
        ct.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Apply(ops, reportIndex: true));
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(WatchOptions options, CancellationToken ct = default)
    {
        options.ThrowIfInvalid(nameof(options));
        lock (_lock)
        {
            ThrowIfDisposed();
        }

        return WatchCoreAsync(options, ct);
    }

    public ValueTask<long> GetRevisionAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfDisposed();
            return ValueTask.FromResult(_revision);
        }
    }

    public ValueTask CompactAsync(long revision, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfDisposed();
            revision.ThrowIfNotCompactable(_revision);
            if (revision > _compacted)
            {
                _log.RemoveRange(0, FirstIndexAfter(ChangeCursor.AfterRevision(revision)));
                _compacted = revision;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return ValueTask.CompletedTask;
            }

            _disposed = true;
        }

        _disposing.Cancel();
        _disposing.Dispose();
        return ValueTask.CompletedTask;
    }

    ValueTask<ChangeBatch> IChangeSource.ReadChangesAsync(ChangeCursor after, WatchOptions filter, int limit, CancellationToken ct)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            after.ThrowIfCompacted(_compacted);
            var events = new List<WatchEvent>();
            var next = after;
            for (var i = FirstIndexAfter(after); i < _log.Count; i++)
            {
                var logged = _log[i];
                next = logged.Position;
                if (filter.Matches(logged.Change.Key))
                {
                    events.Add(logged.Change);
                    if (events.Count == limit)
                    {
                        return ValueTask.FromResult(new ChangeBatch(events, next, HasMore: true));
                    }
                }
            }

            next = ChangeCursor.Max(next, ChangeCursor.AfterRevision(_revision));
            return ValueTask.FromResult(new ChangeBatch(events, next, HasMore: false));
        }
    }

    Task IChangeSource.WaitForRevisionAfterAsync(long revision, CancellationToken ct) =>
        _signal.WaitForRevisionAfterAsync(revision, ct);

    private async IAsyncEnumerable<WatchEvent> WatchCoreAsync(WatchOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        using var linked = LinkToDisposal(ct);
        await foreach (var change in this.StreamChangesAsync(options, linked.Token).ConfigureAwait(false))
        {
            yield return change;
        }
    }

    private CancellationTokenSource LinkToDisposal(CancellationToken ct)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            return CancellationTokenSource.CreateLinkedTokenSource(ct, _disposing.Token);
        }
    }

    private ValueTask<StoredResource> ApplySingle(TransactionOp op, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Apply([op], reportIndex: false)[0]);
    }

    private IReadOnlyList<StoredResource> Apply(IReadOnlyList<TransactionOp> ops, bool reportIndex)
    {
        if (ops.Count == 0)
        {
            return [];
        }

        long revision;
        var results = new StoredResource[ops.Count];
        lock (_lock)
        {
            ThrowIfDisposed();
            revision = _revision + 1;
            var planned = new PlannedWrite[ops.Count];
            for (var i = 0; i < ops.Count; i++)
            {
                planned[i] = ops[i].Plan(_resources.GetValueOrDefault(ops[i].Key), revision, reportIndex ? i : null);
            }

            for (var i = 0; i < planned.Length; i++)
            {
                var write = planned[i];
                if (write.Change.Type == WatchEventType.Deleted)
                {
                    _resources.Remove(write.Result.Key);
                }
                else
                {
                    _resources[write.Result.Key] = write.Result;
                }

                _log.Add(new LoggedChange(new ChangeCursor(revision, i), write.Change));
                results[i] = write.Result;
            }

            _revision = revision;
        }

        _signal.Advance(revision);
        return results;
    }

    /// <summary>The index of the first log entry after <paramref name="cursor"/>; the log is sorted by position.</summary>
    private int FirstIndexAfter(ChangeCursor cursor)
    {
        int low = 0, high = _log.Count;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (_log[mid].Position.CompareTo(cursor) <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
