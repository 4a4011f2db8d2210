using Calico.Api;
using Calico.Api.Serialization;
using Calico.Client.Store;
using Calico.Client.Syncing;
using Calico.Datastore;

namespace Calico.Client.Tests;

public sealed class ResourceSyncerTests : IAsyncDisposable
{
    private readonly IDatastore _datastore = DatastoreFactory.CreateInMemory();
    private readonly ResourceStore _store;

    public ResourceSyncerTests() => _store = new ResourceStore(_datastore, TimeProvider.System);

    public ValueTask DisposeAsync() => _datastore.DisposeAsync();

    private Task ApplyAsync(string yaml) => _store.WriteAsync(ResourceCodec.Decode(yaml, "t"), WriteMode.Apply, new WriteOptions()).AsTask();

    private static string Pool(string name, string cidr, bool nat = false) =>
        $"apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {{name: {name}}}\nspec: {{cidr: {cidr}, natOutgoing: {(nat ? "true" : "false")}}}";

    private static string Describe(SyncUpdate update) => update switch
    {
        ResourceUpdated u => $"update {u.Kind.Kind}/{u.Resource.Name}",
        ResourceDeleted d => $"delete {d.Kind.Kind}/{d.Key.Name}",
        InSync => "in-sync",
        Resyncing => "resyncing",
        ResourceUndecodable u => $"undecodable {u.Key.Name}",
        _ => update.ToString()!,
    };

    [Fact]
    public async Task Run_SnapshotThenInSyncThenChangesInOrder()
    {
        await ApplyAsync(Pool("a", "10.0.0.0/16"));
        await ApplyAsync("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: g}\nspec: {}");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var syncer = new ResourceSyncer(_datastore, [ResourceKinds.IPPool, ResourceKinds.GlobalNetworkPolicy]);
        await using var stream = syncer.RunAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        var seen = new List<string>();
        while (await stream.MoveNextAsync() && stream.Current is not InSync)
        {
            seen.Add(Describe(stream.Current));
        }

        await ApplyAsync(Pool("b", "10.1.0.0/16"));
        await ApplyAsync(Pool("a", "10.0.0.0/16", nat: true));
        await _store.DeleteAsync([new DeleteRequest(ResourceKinds.GlobalNetworkPolicy, null, "g")], false);
        await ApplyAsync("apiVersion: v1\nkind: Namespace\nmetadata: {name: ignored}");
        var live = new List<string>();
        while (live.Count < 3 && await stream.MoveNextAsync())
        {
            live.Add(Describe(stream.Current));
        }

        Assert.Equal(["update IPPool/a", "update GlobalNetworkPolicy/g"], seen);
        Assert.Equal(["update IPPool/b", "update IPPool/a", "delete GlobalNetworkPolicy/g"], live);
    }

    [Fact]
    public async Task Run_UnchangedRewrite_IsNotReported()
    {
        await ApplyAsync(Pool("a", "10.0.0.0/16"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var stream = new ResourceSyncer(_datastore, [ResourceKinds.IPPool]).RunAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        while (await stream.MoveNextAsync() && stream.Current is not InSync)
        {
        }

        // Same value written unconditionally (bypassing the store's unchanged check) then a real change.
        var stored = (await _datastore.GetAsync(new ResourceKey("IPPool", null, "a")))!;
        await _datastore.UpdateAsync(stored.Key, stored.Value, null);
        await ApplyAsync(Pool("a", "10.0.0.0/16", nat: true));

        Assert.True(await stream.MoveNextAsync());
        var update = Assert.IsType<ResourceUpdated>(stream.Current);
        Assert.True(((Api.Resources.IPPool)update.Resource).Spec.NatOutgoing);
    }

    [Fact]
    public async Task Run_WatchFallsBehindCompaction_RelistsAndReportsOnlyDifferences()
    {
        await ApplyAsync(Pool("a", "10.0.0.0/16"));
        await ApplyAsync(Pool("b", "10.1.0.0/16"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var syncer = new ResourceSyncer(_datastore, [ResourceKinds.IPPool]);

        // Take the snapshot, then (before the watch starts reading) change things and compact the log away.
        var updates = new List<string>();
        await foreach (var update in syncer.RunAsync(cts.Token))
        {
            updates.Add(Describe(update));
            if (update is InSync && updates.Count(u => u == "in-sync") == 1)
            {
                await _store.DeleteAsync([new DeleteRequest(ResourceKinds.IPPool, null, "b")], false);
                await ApplyAsync(Pool("c", "10.2.0.0/16"));
                await _datastore.CompactAsync(await _datastore.GetRevisionAsync());
            }
            else if (update is InSync)
            {
                break;
            }
        }

        Assert.Equal(["update IPPool/a", "update IPPool/b", "in-sync", "resyncing", "update IPPool/c", "delete IPPool/b", "in-sync"], updates);
    }

    [Fact]
    public async Task Run_UndecodableStoredValue_ReportedNotThrown()
    {
        await _datastore.CreateAsync(new ResourceKey("IPPool", null, "broken"), "{\"spec\":{\"cidr\":5}}");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var first = await new ResourceSyncer(_datastore, [ResourceKinds.IPPool]).RunAsync(cts.Token).FirstAsync(cts.Token);

        Assert.Equal("undecodable broken", Describe(first));
    }
}
