using System.Runtime.CompilerServices;
using Calico.Datastore.Watching;
using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Sqlite;

/// <summary>
/// The embedded datastore: one SQLite file in WAL mode, shared by every process on the machine. Each write is one
/// <c>BEGIN IMMEDIATE</c> transaction that bumps the revision counter in <c>meta</c>, changes <c>resources</c> and
/// appends to the <c>changes</c> log. Watches read that log after their last position; they wake when this
/// instance writes, and otherwise when the poller sees the revision move.
/// </summary>
internal sealed class SqliteDatastore : IDatastore, IChangeSource, IPagedListing, IWholeStoreListing
{
    private readonly SqliteDatastoreOptions _options;
    private readonly SqliteTransactionRunner _runner;
    private readonly SqliteSchema _schema = new();
    private readonly SqliteMetaTable _meta = new();
    private readonly SqliteResourceTable _resources = new();
    private readonly SqliteChangeLog _changes = new();
    private readonly RevisionSignal _signal = new();
    private readonly SqliteChangeDoorbell _doorbell;
    private readonly SqliteRevisionPoller _poller;
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    private SqliteDatastore(SqliteDatastoreOptions options)
    {
        _options = options;
        _runner = new SqliteTransactionRunner(options);
        _doorbell = new SqliteChangeDoorbell(options) { Enabled = options.WatchFileNotifications };
        _poller = new SqliteRevisionPoller(_runner, _meta, _signal, _doorbell, options.WatchPollInterval);
    }

    public string BackendName => DatastoreBackendNames.Sqlite;

    /// <summary>Opens the file, switches it to WAL mode and creates or checks the schema.</summary>
    public static async ValueTask<IDatastore> OpenAsync(SqliteDatastoreOptions options, CancellationToken ct)
    {
        CreateDirectory(options.Path);
        var store = new SqliteDatastore(options);
        try
        {
            await store.InitializeAsync(ct).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask<StoredResource?> GetAsync(ResourceKey key, CancellationToken ct = default)
    {
        key.ThrowIfInvalid(nameof(key));
        ThrowIfUnusable(ct);
        return ValueTask.FromResult(_runner.Read(connection => _resources.Get(connection, key)));
    }

    public ValueTask<ListResult> ListAsync(string kind, string? ns = null, CancellationToken ct = default)
    {
        ResourceKeyExtensions.ThrowIfInvalidKind(kind, nameof(kind));
        ResourceKeyExtensions.ThrowIfInvalidNamespace(ns, nameof(ns));
        ThrowIfUnusable(ct);
        return ValueTask.FromResult(_runner.Read(connection =>
        {
            var revision = _meta.ReadRevision(connection);
            return new ListResult(_resources.List(connection, kind, ns), revision);
        }));
    }

    public ValueTask<ListResult> ListAllAsync(CancellationToken ct = default)
    {
        ThrowIfUnusable(ct);
        return ValueTask.FromResult(_runner.Read(connection =>
        {
            var revision = _meta.ReadRevision(connection);
            return new ListResult(_resources.ListAll(connection), revision);
        }));
    }

    public ValueTask<ListResult> ListPageAsync(string kind, ResourceKey? after, int limit, CancellationToken ct = default)
    {
        ResourceKeyExtensions.ThrowIfInvalidKind(kind, nameof(kind));
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ThrowIfUnusable(ct);
        return ValueTask.FromResult(_runner.Read(connection =>
        {
            var revision = _meta.ReadRevision(connection);
            return new ListResult(_resources.ListPage(connection, kind, after, limit), revision);
        }));
    }

    public async ValueTask<StoredResource> CreateAsync(ResourceKey key, string value, CancellationToken ct = default)
    {
        key.ThrowIfInvalid(nameof(key));
        ArgumentNullException.ThrowIfNull(value);
        var results = await ApplyAsync([new TransactionOp.Create(key, value)], reportIndex: false, ct).ConfigureAwait(false);
        return results[0];
    }

    public async ValueTask<StoredResource> UpdateAsync(ResourceKey key, string value, long? expectedRevision, CancellationToken ct = default)
    {
        key.ThrowIfInvalid(nameof(key));
        ArgumentNullException.ThrowIfNull(value);
        var results = await ApplyAsync([new TransactionOp.Update(key, value, expectedRevision)], reportIndex: false, ct).ConfigureAwait(false);
        return results[0];
    }

    public async ValueTask<StoredResource> DeleteAsync(ResourceKey key, long? expectedRevision = null, CancellationToken ct = default)
    {
        key.ThrowIfInvalid(nameof(key));
        var results = await ApplyAsync([new TransactionOp.Delete(key, expectedRevision)], reportIndex: false, ct).ConfigureAwait(false);
        return results[0];
    }

    public ValueTask<IReadOnlyList<StoredResource>> CommitAsync(IReadOnlyList<TransactionOp> ops, CancellationToken ct = default)
    {
        ops.ThrowIfInvalid(nameof(ops));
        return ApplyAsync(ops, reportIndex: true, ct);
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(WatchOptions options, CancellationToken ct = default)
    {
        options.ThrowIfInvalid(nameof(options));
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return WatchCoreAsync(options, ct);
    }

    public ValueTask<long> GetRevisionAsync(CancellationToken ct = default)
    {
        ThrowIfUnusable(ct);
        return ValueTask.FromResult(_runner.Read(_meta.ReadRevision));
    }

    public async ValueTask CompactAsync(long revision, CancellationToken ct = default)
    {
        ThrowIfUnusable(ct);
        await _runner.WriteAsync(
            connection =>
            {
                var (current, compacted) = _meta.Read(connection);
                revision.ThrowIfNotCompactable(current);
                if (revision > compacted)
                {
                    _changes.Compact(connection, revision);
                    _meta.SetCompacted(connection, revision);
                }

                return revision;
            },
            ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        await _poller.DisposeAsync().ConfigureAwait(false);
        _runner.Dispose();
    }

    ValueTask<ChangeBatch> IChangeSource.ReadChangesAsync(ChangeCursor after, WatchOptions filter, int limit, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_runner.Read(connection =>
        {
            var (revision, compacted) = _meta.Read(connection);
            after.ThrowIfCompacted(compacted);
            var (changes, last) = _changes.Read(connection, after, filter, limit);
            return changes.Count == limit
                ? new ChangeBatch(changes, last, HasMore: true)
                : new ChangeBatch(changes, ChangeCursor.Max(last, ChangeCursor.AfterRevision(revision)), HasMore: false);
        }));
    }

    Task IChangeSource.WaitForRevisionAfterAsync(long revision, CancellationToken ct) =>
        _signal.WaitForRevisionAfterAsync(revision, ct);

    private async IAsyncEnumerable<WatchEvent> WatchCoreAsync(WatchOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposing.Token);
        using var registration = _poller.Register();
        await foreach (var change in this.StreamChangesAsync(options, linked.Token).ConfigureAwait(false))
        {
            yield return change;
        }
    }

    private async ValueTask<IReadOnlyList<StoredResource>> ApplyAsync(IReadOnlyList<TransactionOp> ops, bool reportIndex, CancellationToken ct)
    {
        ThrowIfUnusable(ct);
        if (ops.Count == 0)
        {
            return [];
        }

        var (results, revision) = await _runner.WriteAsync(connection => Apply(connection, ops, reportIndex), ct).ConfigureAwait(false);
        _signal.Advance(revision);
        _doorbell.Ring();
        return results;
    }

    /// <summary>The body of a write transaction: check every operation, then write resources, log and revision.</summary>
    private (StoredResource[] Results, long Revision) Apply(SqliteConnection connection, IReadOnlyList<TransactionOp> ops, bool reportIndex)
    {
        var (current, compacted) = _meta.Read(connection);
        var revision = current + 1;
        var planned = new PlannedWrite[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            planned[i] = ops[i].Plan(_resources.Get(connection, ops[i].Key), revision, reportIndex ? i : null);
        }

        var results = new StoredResource[ops.Count];
        for (var i = 0; i < planned.Length; i++)
        {
            var write = planned[i];
            if (write.Change.Type == WatchEventType.Deleted)
            {
                _resources.Delete(connection, write.Result.Key);
            }
            else
            {
                _resources.Put(connection, write.Result);
            }

            _changes.Append(connection, new ChangeCursor(revision, i), write.Change);
            results[i] = write.Result;
        }

        _meta.SetRevision(connection, revision);
        CompactIfDue(connection, revision, compacted);
        return (results, revision);
    }

    /// <summary>
    /// Keeps between <see cref="SqliteDatastoreOptions.ChangeLogRetention"/> and 10% more revisions of log, so the
    /// deletion runs once every tenth of the retention rather than on every write.
    /// </summary>
    private void CompactIfDue(SqliteConnection connection, long revision, long compacted)
    {
        var retention = _options.ChangeLogRetention;
        if (retention > 0 && revision - compacted > retention + Math.Max(1, retention / 10))
        {
            _changes.Compact(connection, revision - retention);
            _meta.SetCompacted(connection, revision - retention);
        }
    }

    private async ValueTask InitializeAsync(CancellationToken ct)
    {
        var mode = _runner.RunOutsideTransaction(_schema.EnableWriteAheadLog);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new DatastoreUnavailableException(
                $"The datastore \"{_options.Path}\" cannot use write-ahead logging (journal mode is \"{mode}\"); " +
                "put it on a local file system.");
        }

        var version = await _runner.WriteAsync(_schema.CreateIfMissing, ct).ConfigureAwait(false);
        _doorbell.Install();
        if (version > SqliteSchema.Version)
        {
            throw new DatastoreUnavailableException(
                $"The datastore \"{_options.Path}\" was written by a newer version (schema {version}; this version " +
                $"understands schema {SqliteSchema.Version}).");
        }
    }

    private static void CreateDirectory(string path)
    {
        try
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new DatastoreUnavailableException($"The datastore \"{path}\" cannot be created: {e.Message}", e);
        }
    }

    private void ThrowIfUnusable(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ct.ThrowIfCancellationRequested();
    }
}
