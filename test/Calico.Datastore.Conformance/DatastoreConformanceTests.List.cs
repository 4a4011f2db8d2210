namespace Calico.Datastore.Conformance;

public abstract partial class DatastoreConformanceTests
{
    [Fact]
    public async Task ListAll_EveryKind_OneSnapshotSortedByKindNamespaceName()
    {
        await using var store = await CreateDatastoreAsync();
        var whole = Assert.IsAssignableFrom<IWholeStoreListing>(store);
        Assert.Empty((await whole.ListAllAsync()).Items);
        await store.CreateAsync(Policy("db", "a"), Json("1"));
        await store.CreateAsync(Pool("b"), Json("2"));
        await store.CreateAsync(ResourceKey.Cluster("SomeKindThisBuildNeverHeardOf", "x"), Json("3"));
        await store.CreateAsync(Policy("app", "z"), Json("4"));
        await store.CreateAsync(ResourceKey.Cluster("NetworkPolicy", "cluster-scoped"), Json("5"));
        await store.CreateAsync(Pool("a"), Json("6"));
        await store.DeleteAsync(Pool("b"));

        var all = await whole.ListAllAsync();

        Assert.Equal(
            [Pool("a"), ResourceKey.Cluster("NetworkPolicy", "cluster-scoped"), Policy("app", "z"), Policy("db", "a"), ResourceKey.Cluster("SomeKindThisBuildNeverHeardOf", "x")],
            all.Items.Select(r => r.Key));
        Assert.Equal(7, all.Revision);
        Assert.Equal(Json("6"), all.Items[0].Value);
        Assert.Equal(6, all.Items[0].Revision);
    }

    [Fact]
    public async Task List_ByKind_ReturnsOnlyThatKind()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Pool("b"), Json("b"));
        await store.CreateAsync(ResourceKey.Cluster("GlobalNetworkPolicy", "a"), Json("a"));
        await store.CreateAsync(Pool("a"), Json("a"));

        var list = await store.ListAsync("IPPool");

        Assert.Equal([Pool("a"), Pool("b")], list.Items.Select(r => r.Key));
        Assert.Equal([3L, 1L], list.Items.Select(r => r.Revision));
        Assert.Equal(Json("a"), list.Items[0].Value);
    }

    [Fact]
    public async Task List_ByNamespace_ReturnsOnlyThatNamespace()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Policy("app", "b"), Json("b"));
        await store.CreateAsync(Policy("db", "a"), Json("a"));
        await store.CreateAsync(Policy("app", "a"), Json("a"));
        await store.CreateAsync(Policy("app2", "a"), Json("a"));
        await store.CreateAsync(ResourceKey.Cluster("NetworkPolicy", "app"), Json("a"));

        var list = await store.ListAsync("NetworkPolicy", "app");

        Assert.Equal([Policy("app", "a"), Policy("app", "b")], list.Items.Select(r => r.Key));
    }

    [Fact]
    public async Task List_AllNamespaces_SortedByNamespaceThenNameWithClusterScopedFirst()
    {
        await using var store = await CreateDatastoreAsync();
        var keys = new[]
        {
            Policy("b", "a"), Policy("a", "b"), Policy("a", "a"), Policy("B", "z"), Policy("a", "a-1"), Policy("a", "a.1"),
            ResourceKey.Cluster("NetworkPolicy", "zz"), Policy("a", "A"), Policy("aa", "a"), Policy("a", "a0"),
        };
        foreach (var key in keys)
        {
            await store.CreateAsync(key, Json(key.Name));
        }

        var list = await store.ListAsync("NetworkPolicy");

        var expected = keys
            .OrderBy(k => k.Namespace ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(k => k.Name, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, list.Items.Select(r => r.Key));
        Assert.Equal(ResourceKey.Cluster("NetworkPolicy", "zz"), list.Items[0].Key);
    }

    [Fact]
    public async Task List_Revision_IsStoreRevisionEvenIfLastWriteWasAnotherKind()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Pool("a"), Json("a"));
        await store.CreateAsync(Policy("app", "a"), Json("a"));
        await store.UpdateAsync(Policy("app", "a"), Json("a", 1), null);

        var list = await store.ListAsync("IPPool");

        Assert.Equal(3, list.Revision);
        Assert.Single(list.Items);
        Assert.Equal(1, list.Items[0].Revision);
    }

    [Fact]
    public async Task List_NoResources_ReturnsEmptyAtCurrentRevision()
    {
        await using var store = await CreateDatastoreAsync();
        Assert.Empty((await store.ListAsync("IPPool")).Items);
        Assert.Equal(0, (await store.ListAsync("IPPool")).Revision);

        await store.CreateAsync(Pool("a"), Json("a"));
        await store.DeleteAsync(Pool("a"));

        var list = await store.ListAsync("IPPool");
        Assert.Empty(list.Items);
        Assert.Equal(2, list.Revision);
    }
}
