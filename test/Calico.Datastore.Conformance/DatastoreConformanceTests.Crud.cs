namespace Calico.Datastore.Conformance;

public abstract partial class DatastoreConformanceTests
{
    [Fact]
    public async Task Create_NewKey_ReturnsResourceAtNextRevision()
    {
        await using var store = await CreateDatastoreAsync();

        var created = await store.CreateAsync(Pool("default-ipv4-ippool"), Json("default-ipv4-ippool"));

        Assert.Equal(Pool("default-ipv4-ippool"), created.Key);
        Assert.Equal(Json("default-ipv4-ippool"), created.Value);
        Assert.Equal(1, created.Revision);
        Assert.Equal(1, created.CreateRevision);
    }

    [Fact]
    public async Task Get_AfterCreate_ReturnsValueVerbatim()
    {
        await using var store = await CreateDatastoreAsync();
        const string value = "{ \"spec\" : { \"description\": \"caf\u00e9 \u2603 \\u0000 \\\"q\\\"\" },\n  \"z\": [1, 2] }";
        await store.CreateAsync(Policy("app", "allow"), value);

        var read = await store.GetAsync(Policy("app", "allow"));

        Assert.NotNull(read);
        Assert.Equal(value, read.Value);
        Assert.Equal(Policy("app", "allow"), read.Key);
        Assert.Equal(1, read.Revision);
        Assert.Equal(1, read.CreateRevision);
    }

    [Fact]
    public async Task Get_MissingKey_ReturnsNull()
    {
        await using var store = await CreateDatastoreAsync();

        Assert.Null(await store.GetAsync(Pool("nope")));
        Assert.Null(await store.GetAsync(Policy("app", "nope")));
    }

    [Fact]
    public async Task Create_ExistingKey_ThrowsAlreadyExistsAndKeepsValue()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Pool("default-ipv4-ippool"), Json("first"));

        var e = await Assert.ThrowsAsync<ResourceAlreadyExistsException>(
            () => store.CreateAsync(Pool("default-ipv4-ippool"), Json("second")).AsTask());

        Assert.Equal("IPPool \"default-ipv4-ippool\" already exists", e.Message);
        Assert.Equal(Pool("default-ipv4-ippool"), e.Key);
        Assert.Null(e.OperationIndex);
        Assert.Equal(Json("first"), (await store.GetAsync(Pool("default-ipv4-ippool")))!.Value);
        Assert.Equal(1, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Update_MissingKey_ThrowsNotFound()
    {
        await using var store = await CreateDatastoreAsync();

        var e = await Assert.ThrowsAsync<ResourceNotFoundException>(
            () => store.UpdateAsync(Policy("app", "allow"), Json("x"), expectedRevision: null).AsTask());

        Assert.Equal("NetworkPolicy \"app/allow\" does not exist", e.Message);
        Assert.Null(await store.GetAsync(Policy("app", "allow")));
        Assert.Equal(0, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Update_WithCurrentRevision_BumpsRevisionAndKeepsCreateRevision()
    {
        await using var store = await CreateDatastoreAsync();
        var created = await store.CreateAsync(Pool("a"), Json("a", 1));
        await store.CreateAsync(Pool("b"), Json("b"));

        var updated = await store.UpdateAsync(Pool("a"), Json("a", 2), created.Revision);

        Assert.Equal(3, updated.Revision);
        Assert.Equal(created.CreateRevision, updated.CreateRevision);
        Assert.Equal(Json("a", 2), updated.Value);
        Assert.Equal(updated, await store.GetAsync(Pool("a")));
    }

    [Fact]
    public async Task Update_WithStaleRevision_ThrowsConflictAndKeepsValue()
    {
        await using var store = await CreateDatastoreAsync();
        var created = await store.CreateAsync(Policy("app", "allow"), Json("allow", 1));
        var current = await store.UpdateAsync(Policy("app", "allow"), Json("allow", 2), created.Revision);

        var e = await Assert.ThrowsAsync<RevisionConflictException>(
            () => store.UpdateAsync(Policy("app", "allow"), Json("allow", 3), created.Revision).AsTask());

        Assert.Equal(
            $"NetworkPolicy \"app/allow\" was modified concurrently (revision {created.Revision} expected, {current.Revision} found); re-read and retry",
            e.Message);
        Assert.Equal(created.Revision, e.ExpectedRevision);
        Assert.Equal(current.Revision, e.ActualRevision);
        Assert.Equal(current, await store.GetAsync(Policy("app", "allow")));
        Assert.Equal(current.Revision, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Update_Unconditional_OverwritesAnyRevision()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Pool("a"), Json("a", 1));
        await store.UpdateAsync(Pool("a"), Json("a", 2), null);

        var updated = await store.UpdateAsync(Pool("a"), Json("a", 3), expectedRevision: null);

        Assert.Equal(3, updated.Revision);
        Assert.Equal(1, updated.CreateRevision);
        Assert.Equal(Json("a", 3), (await store.GetAsync(Pool("a")))!.Value);
    }

    [Fact]
    public async Task Delete_ReturnsDeletedResourceAtDeleteRevision()
    {
        await using var store = await CreateDatastoreAsync();
        var created = await store.CreateAsync(Policy("app", "allow"), Json("allow"));

        var deleted = await store.DeleteAsync(Policy("app", "allow"));

        Assert.Equal(Policy("app", "allow"), deleted.Key);
        Assert.Equal(Json("allow"), deleted.Value);
        Assert.Equal(created.Revision + 1, deleted.Revision);
        Assert.Equal(created.CreateRevision, deleted.CreateRevision);
        Assert.Null(await store.GetAsync(Policy("app", "allow")));
        Assert.Equal(deleted.Revision, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Delete_MissingKey_ThrowsNotFound()
    {
        await using var store = await CreateDatastoreAsync();

        var e = await Assert.ThrowsAsync<ResourceNotFoundException>(() => store.DeleteAsync(Pool("nope")).AsTask());

        Assert.Equal(Pool("nope"), e.Key);
        Assert.Equal(0, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Delete_WithStaleRevision_ThrowsConflictAndKeepsResource()
    {
        await using var store = await CreateDatastoreAsync();
        var created = await store.CreateAsync(Pool("a"), Json("a", 1));
        var updated = await store.UpdateAsync(Pool("a"), Json("a", 2), null);

        var e = await Assert.ThrowsAsync<RevisionConflictException>(() => store.DeleteAsync(Pool("a"), created.Revision).AsTask());

        Assert.Equal(created.Revision, e.ExpectedRevision);
        Assert.Equal(updated.Revision, e.ActualRevision);
        Assert.Equal(updated, await store.GetAsync(Pool("a")));
    }

    [Fact]
    public async Task Delete_WithCurrentRevision_Deletes()
    {
        await using var store = await CreateDatastoreAsync();
        var created = await store.CreateAsync(Pool("a"), Json("a"));

        await store.DeleteAsync(Pool("a"), created.Revision);

        Assert.Null(await store.GetAsync(Pool("a")));
    }

    [Fact]
    public async Task Create_AfterDelete_StartsNewCreateRevision()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Pool("a"), Json("a", 1));
        await store.DeleteAsync(Pool("a"));

        var recreated = await store.CreateAsync(Pool("a"), Json("a", 2));

        Assert.Equal(3, recreated.Revision);
        Assert.Equal(3, recreated.CreateRevision);
    }

    [Fact]
    public async Task GetRevision_EmptyStore_IsZero()
    {
        await using var store = await CreateDatastoreAsync();

        Assert.Equal(0, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Revision_SuccessfulWrites_IncreaseByOneAndFailedWritesDoNot()
    {
        await using var store = await CreateDatastoreAsync();
        var revisions = new List<long>
        {
            (await store.CreateAsync(Pool("a"), Json("a"))).Revision,
            (await store.CreateAsync(Policy("ns", "a"), Json("a"))).Revision,
        };
        await Assert.ThrowsAsync<ResourceAlreadyExistsException>(() => store.CreateAsync(Pool("a"), Json("a")).AsTask());
        await Assert.ThrowsAsync<RevisionConflictException>(() => store.UpdateAsync(Pool("a"), Json("a"), 99).AsTask());
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => store.DeleteAsync(Pool("zzz")).AsTask());
        revisions.Add((await store.UpdateAsync(Pool("a"), Json("a", 1), null)).Revision);
        revisions.Add((await store.DeleteAsync(Policy("ns", "a"))).Revision);

        Assert.Equal([1, 2, 3, 4], revisions);
        Assert.Equal(4, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Keys_KindNamespaceAndName_AreAllPartOfIdentity()
    {
        await using var store = await CreateDatastoreAsync();
        var keys = new[]
        {
            ResourceKey.Cluster("IPPool", "x"),
            ResourceKey.Cluster("GlobalNetworkPolicy", "x"),
            ResourceKey.Namespaced("NetworkPolicy", "a", "x"),
            ResourceKey.Namespaced("NetworkPolicy", "b", "x"),
            ResourceKey.Namespaced("NetworkPolicy", "A", "x"),
            ResourceKey.Cluster("NetworkPolicy", "x"),
        };
        foreach (var key in keys)
        {
            await store.CreateAsync(key, Json(key.ToString()));
        }

        foreach (var key in keys)
        {
            Assert.Equal(Json(key.ToString()), (await store.GetAsync(key))!.Value);
        }

        Assert.Null(await store.GetAsync(ResourceKey.Cluster("ippool", "x")));
    }

    [Fact]
    public async Task Operations_InvalidKey_ThrowArgumentException()
    {
        await using var store = await CreateDatastoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CreateAsync(new ResourceKey("IPPool", null, ""), "{}").AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CreateAsync(new ResourceKey("", null, "a"), "{}").AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CreateAsync(new ResourceKey("NetworkPolicy", "", "a"), "{}").AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetAsync(default).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListAsync("").AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListAsync("NetworkPolicy", "").AsTask());
        Assert.ThrowsAny<ArgumentException>(() => store.WatchAsync(new WatchOptions(AfterRevision: -1)));
        Assert.Equal(0, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Update_ConcurrentWithSameExpectedRevision_ExactlyOneWins()
    {
        await using var store = await CreateDatastoreAsync();
        var created = await store.CreateAsync(Pool("counter"), "0");

        var attempts = Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.UpdateAsync(Pool("counter"), i.ToString(System.Globalization.CultureInfo.InvariantCulture), created.Revision);
                return true;
            }
            catch (RevisionConflictException)
            {
                return false;
            }
        })).ToList();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, won => won);
        Assert.Equal(created.Revision + 1, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Operations_AfterDispose_ThrowObjectDisposed()
    {
        var store = await CreateDatastoreAsync();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync(Pool("a")).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CreateAsync(Pool("a"), "{}").AsTask());
        await store.DisposeAsync();
    }
}
