using Calico.Api;
using Calico.Api.Serialization;
using Calico.Client.Store;
using Calico.Client.Syncing;
using Calico.Datastore;

namespace Calico.Client.Tests;

/// <summary>
/// The syncer over a store that lists in pages (SQLite): more than one page of resources is reported once each, and
/// writes made between pages (a change to an already listed resource, a deletion of one, a creation in a later page)
/// end in the same state a one-shot listing would give.
/// </summary>
public sealed class PagedResourceSyncerTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"calico-test-pagedsync-{Guid.NewGuid():N}");
    private IDatastore _datastore = null!;
    private ResourceStore _store = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _datastore = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = Path.Combine(_directory, "c.db") });
        _store = new ResourceStore(_datastore, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _datastore.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static string Set(int i, string net = "10.0.0.1/32") =>
        $"apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: {{name: s{i:D5}}}\nspec: {{nets: [{net}]}}";

    [Fact]
    public async Task ManyPages_EachResourceOnce_WritesBetweenPagesConverge()
    {
        var count = (ResourceSyncer.PageSize * 2) + 10;
        var documents = string.Join("\n---\n", Enumerable.Range(0, count).Select(i => Set(i)));
        await _store.WriteAsync(ResourceCodec.Decode(documents, "t"), WriteMode.Apply, new WriteOptions());
        var paged = new WritingBetweenPages((IPagedListing)_datastore, async () =>
        {
            await _store.WriteAsync(ResourceCodec.Decode(Set(0, "10.9.9.9/32"), "t"), WriteMode.Apply, new WriteOptions());   // already listed: changed
            await _store.DeleteAsync([new DeleteRequest(ResourceKinds.GlobalNetworkSet, null, "s00001")], false);            // already listed: deleted
            await _store.WriteAsync(ResourceCodec.Decode(Set(count + 5), "t"), WriteMode.Apply, new WriteOptions());          // in a later page
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var state = new Dictionary<string, string>(StringComparer.Ordinal);
        var updates = 0;
        var inSync = false;
        await foreach (var update in new ResourceSyncer(new PagedView(_datastore, paged), [ResourceKinds.GlobalNetworkSet]).RunAsync(cts.Token))
        {
            switch (update)
            {
                case ResourceUpdated u:
                    state[u.Resource.Name] = string.Join(",", ((Api.Resources.GlobalNetworkSet)u.Resource).Spec.Nets!);
                    updates++;
                    break;
                case ResourceDeleted d:
                    state.Remove(d.Key.Name);
                    break;
                case InSync:
                    inSync = true;
                    break;
            }

            if (inSync && state.Count == count && state["s00000"] == "10.9.9.9/32")
            {
                break;
            }
        }

        Assert.Equal(3, paged.Pages);
        Assert.Equal(count, state.Count);
        Assert.DoesNotContain("s00001", state.Keys);
        Assert.Contains($"s{count + 5:D5}", state.Keys);
        Assert.Equal("10.9.9.9/32", state["s00000"]);
        Assert.True(updates <= count + 2, $"{updates} updates for {count + 1} resources and one change: something was reported twice");
    }

    /// <summary>Runs a write after the first page is read.</summary>
    private sealed class WritingBetweenPages(IPagedListing inner, Func<Task> write) : IPagedListing
    {
        public int Pages { get; private set; }

        public async ValueTask<ListResult> ListPageAsync(string kind, ResourceKey? after, int limit, CancellationToken ct = default)
        {
            var page = await inner.ListPageAsync(kind, after, limit, ct);
            if (++Pages == 1)
            {
                await write();
            }

            return page;
        }
    }

    /// <summary>The SQLite store with its paged listing replaced.</summary>
    private sealed class PagedView(IDatastore store, IPagedListing paging) : IDatastore, IPagedListing
    {
        public string BackendName => store.BackendName;

        public ValueTask<ListResult> ListPageAsync(string kind, ResourceKey? after, int limit, CancellationToken ct = default) => paging.ListPageAsync(kind, after, limit, ct);

        public ValueTask<StoredResource?> GetAsync(ResourceKey key, CancellationToken ct = default) => store.GetAsync(key, ct);

        public ValueTask<ListResult> ListAsync(string kind, string? ns = null, CancellationToken ct = default) => store.ListAsync(kind, ns, ct);

        public ValueTask<StoredResource> CreateAsync(ResourceKey key, string value, CancellationToken ct = default) => store.CreateAsync(key, value, ct);

        public ValueTask<StoredResource> UpdateAsync(ResourceKey key, string value, long? expectedRevision, CancellationToken ct = default) => store.UpdateAsync(key, value, expectedRevision, ct);

        public ValueTask<StoredResource> DeleteAsync(ResourceKey key, long? expectedRevision = null, CancellationToken ct = default) => store.DeleteAsync(key, expectedRevision, ct);

        public ValueTask<IReadOnlyList<StoredResource>> CommitAsync(IReadOnlyList<TransactionOp> ops, CancellationToken ct = default) => store.CommitAsync(ops, ct);

        public IAsyncEnumerable<WatchEvent> WatchAsync(WatchOptions options, CancellationToken ct = default) => store.WatchAsync(options, ct);

        public ValueTask<long> GetRevisionAsync(CancellationToken ct = default) => store.GetRevisionAsync(ct);

        public ValueTask CompactAsync(long revision, CancellationToken ct = default) => store.CompactAsync(revision, ct);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
