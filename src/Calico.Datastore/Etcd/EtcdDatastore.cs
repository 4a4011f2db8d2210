using Calico.Datastore.Etcd.Protocol;
using Google.Protobuf;

namespace Calico.Datastore.Etcd;

/// <summary>
/// <see cref="IDatastore"/> on etcd v3: every resource is one etcd key (<see cref="EtcdKeyCodec"/>) holding the
/// stored JSON; the store's revisions are etcd's (less <see cref="EtcdDatastoreOptions.RevisionBase"/>), writes are
/// etcd transactions whose compares carry the preconditions, and watches are etcd watches (<see cref="EtcdWatch"/>).
/// </summary>
internal sealed class EtcdDatastore : IDatastore, IWholeStoreListing, ITransactionLimits
{
    private const string RangeMethod = "/etcdserverpb.KV/Range";
    private const string TxnMethod = "/etcdserverpb.KV/Txn";
    private const string CompactMethod = "/etcdserverpb.KV/Compact";
    private const int ListPageSize = 1000;

    private readonly EtcdGrpcConnection _connection;
    private readonly EtcdKeyCodec _codec;
    private readonly long _base;
    private readonly CancellationTokenSource _disposing = new();

    private EtcdDatastore(EtcdDatastoreOptions options)
    {
        _connection = new EtcdGrpcConnection(options);
        _codec = new EtcdKeyCodec(options.KeyPrefix);
        _base = options.RevisionBase;
        KeyPrefix = options.KeyPrefix;
        MaxOperationsPerTransaction = options.MaxTransactionOperations;
        MaxBytesPerTransaction = options.MaxTransactionBytes;
    }

    public string BackendName => DatastoreBackendNames.Etcd;

    /// <summary>The key prefix this store lives under.</summary>
    public string KeyPrefix { get; }

    public int MaxOperationsPerTransaction { get; }

    public int MaxBytesPerTransaction { get; }

    /// <summary>The etcd revision this store reports as 0.</summary>
    public long RevisionBase => _base;

    /// <summary>Connects and checks that a member answers.</summary>
    public static async ValueTask<IDatastore> OpenAsync(EtcdDatastoreOptions options, CancellationToken ct)
    {
        EtcdDatastore store;
        try
        {
            store = new EtcdDatastore(options);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new DatastoreUnavailableException($"cannot load the etcd TLS certificates ({options.CertFile}, {options.KeyFile}, {options.CaCertFile}): {e.Message}", e);
        }

        try
        {
            await store.GetRevisionAsync(ct).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<StoredResource?> GetAsync(ResourceKey key, CancellationToken ct = default)
    {
        key.ThrowIfInvalid(nameof(key));
        var response = await RangeAsync(new RangeRequest { Key = _codec.Encode(key) }, ct).ConfigureAwait(false);
        return response.Kvs.Count == 0 ? null : ToResource(key, response.Kvs[0]);
    }

    public async ValueTask<ListResult> ListAsync(string kind, string? ns = null, CancellationToken ct = default)
    {
        ResourceKeyExtensions.ThrowIfInvalidKind(kind, nameof(kind));
        ResourceKeyExtensions.ThrowIfInvalidNamespace(ns, nameof(ns));
        var (items, revision) = await RangeAllAsync(_codec.Prefix(kind, ns), key => string.Equals(key.Kind, kind, StringComparison.Ordinal), ct).ConfigureAwait(false);

        // etcd orders by key bytes, where "name" and "namespace/name" interleave; the contract wants cluster-scoped
        // resources first, then namespace, then name.
        items.Sort(static (a, b) => CompareInListOrder(a.Key, b.Key));
        return new ListResult(items, revision - _base);
    }

    public async ValueTask<ListResult> ListAllAsync(CancellationToken ct = default)
    {
        // Keys under the prefix that do not decode to a resource key are not ours and are left out, as ListAsync does.
        var (items, revision) = await RangeAllAsync(_codec.Root, static _ => true, ct).ConfigureAwait(false);
        items.Sort(static (a, b) =>
        {
            var byKind = string.CompareOrdinal(a.Key.Kind, b.Key.Kind);
            return byKind != 0 ? byKind : CompareInListOrder(a.Key, b.Key);
        });
        return new ListResult(items, revision - _base);
    }

    public async ValueTask<StoredResource> CreateAsync(ResourceKey key, string value, CancellationToken ct = default)
    {
        key.ThrowIfInvalid(nameof(key));
        ArgumentNullException.ThrowIfNull(value);
        return (await CommitCoreAsync([new TransactionOp.Create(key, value)], inTransaction: false, ct).ConfigureAwait(false))[0];
    }

    public async ValueTask<StoredResource> UpdateAsync(ResourceKey key, string value, long? expectedRevision, CancellationToken ct = default)
    {
        key.ThrowIfInvalid(nameof(key));
        ArgumentNullException.ThrowIfNull(value);
        return (await CommitCoreAsync([new TransactionOp.Update(key, value, expectedRevision)], inTransaction: false, ct).ConfigureAwait(false))[0];
    }

    public async ValueTask<StoredResource> DeleteAsync(ResourceKey key, long? expectedRevision = null, CancellationToken ct = default)
    {
        key.ThrowIfInvalid(nameof(key));
        return (await CommitCoreAsync([new TransactionOp.Delete(key, expectedRevision)], inTransaction: false, ct).ConfigureAwait(false))[0];
    }

    public async ValueTask<IReadOnlyList<StoredResource>> CommitAsync(IReadOnlyList<TransactionOp> ops, CancellationToken ct = default)
    {
        ops.ThrowIfInvalid(nameof(ops));
        if (ops.Count == 0)
        {
            return [];
        }

        return await CommitCoreAsync(ops, inTransaction: true, ct).ConfigureAwait(false);
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(WatchOptions options, CancellationToken ct = default)
    {
        options.ThrowIfInvalid(nameof(options));
        return new EtcdWatch(_connection, _codec, _base, options).RunAsync(_disposing.Token, ct);
    }

    public async ValueTask<long> GetRevisionAsync(CancellationToken ct = default)
    {
        var response = await RangeAsync(new RangeRequest { Key = _codec.Root, CountOnly = true }, ct).ConfigureAwait(false);
        return response.Header.Revision - _base;
    }

    public async ValueTask CompactAsync(long revision, CancellationToken ct = default)
    {
        revision.ThrowIfNotCompactable(await GetRevisionAsync(ct).ConfigureAwait(false));
        try
        {
            await _connection.CallAsync(CompactMethod, new CompactionRequest { Revision = revision + _base }, CompactionResponse.Parser, isRead: true, ct)
                .ConfigureAwait(false);
        }
        catch (EtcdRpcException e) when (e.IsCompacted)
        {
            // Already compacted at or beyond this revision: nothing to do.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        _connection.Dispose();
        _disposing.Dispose();
    }

    private ValueTask<RangeResponse> RangeAsync(RangeRequest request, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposing.IsCancellationRequested, this);
        return _connection.CallAsync(RangeMethod, request, RangeResponse.Parser, isRead: true, ct);
    }

    /// <summary>
    /// One etcd transaction: If every precondition holds Then every write (with its previous value) Else read every
    /// key, so that the failure can be reported exactly as the other backends do (<see cref="TransactionOpExtensions.Plan"/>).
    /// </summary>
    private async ValueTask<IReadOnlyList<StoredResource>> CommitCoreAsync(IReadOnlyList<TransactionOp> ops, bool inTransaction, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposing.IsCancellationRequested, this);
        var txn = new TxnRequest();
        var keys = new ByteString[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            var op = ops[i];
            var key = keys[i] = _codec.Encode(op.Key);
            txn.Compare.Add(op switch
            {
                TransactionOp.Create => new Compare { Key = key, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 },
                TransactionOp.Update { ExpectedRevision: long expected } => ModEquals(key, expected),
                TransactionOp.Delete { ExpectedRevision: long expected } => ModEquals(key, expected),
                _ => new Compare { Key = key, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Greater, CreateRevision = 0 },
            });
            txn.Success.Add(op switch
            {
                TransactionOp.Create create => new RequestOp { RequestPut = new PutRequest { Key = key, Value = EtcdKeyCodec.Utf8(create.Value) } },
                TransactionOp.Update update => new RequestOp { RequestPut = new PutRequest { Key = key, Value = EtcdKeyCodec.Utf8(update.Value), PrevKv = true } },
                _ => new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = key, PrevKv = true } },
            });
            txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = key } });
        }

        var response = await _connection.CallAsync(TxnMethod, txn, TxnResponse.Parser, isRead: false, ct).ConfigureAwait(false);
        var revision = response.Header.Revision - _base;
        if (!response.Succeeded)
        {
            for (var i = 0; i < ops.Count; i++)
            {
                var kvs = response.Responses[i].ResponseRange.Kvs;
                var current = kvs.Count == 0 ? null : ToResource(ops[i].Key, kvs[0]);
                ops[i].Plan(current, revision, inTransaction ? i : null);
            }

            throw new DatastoreException($"etcd refused a transaction whose preconditions all hold at revision {revision}; try again");
        }

        var results = new StoredResource[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            var result = response.Responses[i];
            results[i] = ops[i] switch
            {
                TransactionOp.Create create => new StoredResource(create.Key, create.Value, revision, revision),
                TransactionOp.Update update => new StoredResource(update.Key, update.Value, revision, result.ResponsePut.PrevKv.CreateRevision - _base),
                _ => ToResource(ops[i].Key, result.ResponseDeleteRange.PrevKvs[0]) with { Revision = revision },
            };
        }

        return results;
    }

    /// <summary>Every key under <paramref name="prefix"/> in pages of <see cref="ListPageSize"/>, all read at the first page's revision.</summary>
    private async ValueTask<(List<StoredResource> Items, long EtcdRevision)> RangeAllAsync(ByteString prefix, Func<ResourceKey, bool> include, CancellationToken ct)
    {
        var end = EtcdKeyCodec.RangeEnd(prefix);
        var items = new List<StoredResource>();
        var from = prefix;
        long revision = 0;
        while (true)
        {
            var response = await RangeAsync(new RangeRequest { Key = from, RangeEnd = end, Limit = ListPageSize, Revision = revision }, ct).ConfigureAwait(false);
            revision = response.Header.Revision;
            foreach (var kv in response.Kvs)
            {
                if (_codec.Decode(kv.Key) is { } key && include(key))
                {
                    items.Add(ToResource(key, kv));
                }
            }

            if (!response.More || response.Kvs.Count == 0)
            {
                return (items, revision);
            }

            from = ByteString.CopyFrom([.. response.Kvs[^1].Key.Span, 0]);
        }
    }

    private static int CompareInListOrder(ResourceKey a, ResourceKey b)
    {
        var byNamespace = (a.Namespace is null).CompareTo(b.Namespace is null);
        if (byNamespace != 0)
        {
            return -byNamespace;
        }

        byNamespace = string.CompareOrdinal(a.Namespace, b.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.Name, b.Name);
    }

    private Compare ModEquals(ByteString key, long expected) =>
        new() { Key = key, Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = expected + _base };

    private StoredResource ToResource(ResourceKey key, KeyValue kv) =>
        new(key, EtcdKeyCodec.Utf8(kv.Value), kv.ModRevision - _base, kv.CreateRevision - _base);
}
