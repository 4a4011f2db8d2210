namespace Calico.Datastore.Conformance;

public abstract partial class DatastoreConformanceTests
{
    [Fact]
    public async Task Commit_AllOperationsSucceed_AllGetTheSameNewRevision()
    {
        await using var store = await CreateDatastoreAsync();
        var toUpdate = await store.CreateAsync(Pool("update-me"), Json("u", 1));
        await store.CreateAsync(Pool("delete-me"), Json("d"));

        var results = await store.CommitAsync(
        [
            new TransactionOp.Create(Pool("new"), Json("new")),
            new TransactionOp.Update(Pool("update-me"), Json("u", 2), toUpdate.Revision),
            new TransactionOp.Delete(Pool("delete-me")),
            new TransactionOp.Create(Policy("app", "allow"), Json("allow")),
        ]);

        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.Equal(3, r.Revision));
        Assert.Equal([Pool("new"), Pool("update-me"), Pool("delete-me"), Policy("app", "allow")], results.Select(r => r.Key));
        Assert.Equal(3, results[0].CreateRevision);
        Assert.Equal(toUpdate.CreateRevision, results[1].CreateRevision);
        Assert.Equal(Json("d"), results[2].Value);
        Assert.Equal(3, await store.GetRevisionAsync());
        Assert.Equal([Pool("new"), Pool("update-me")], (await store.ListAsync("IPPool")).Items.Select(r => r.Key));
        Assert.Equal(Json("u", 2), (await store.GetAsync(Pool("update-me")))!.Value);
    }

    [Fact]
    public async Task Commit_OneOperationFails_WritesNothingAndReportsItsIndex()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Pool("exists"), Json("exists"));
        await store.CreateAsync(Pool("keep"), Json("keep"));

        var e = await Assert.ThrowsAsync<ResourceAlreadyExistsException>(() => store.CommitAsync(
        [
            new TransactionOp.Create(Pool("new"), Json("new")),
            new TransactionOp.Delete(Pool("keep")),
            new TransactionOp.Create(Pool("exists"), Json("again")),
            new TransactionOp.Update(Pool("missing"), Json("missing")),
        ]).AsTask());

        Assert.Equal(2, e.OperationIndex);
        Assert.Equal(Pool("exists"), e.Key);
        Assert.Contains("IPPool \"exists\" already exists", e.Message, StringComparison.Ordinal);
        Assert.Contains("operation 2", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, await store.GetRevisionAsync());
        Assert.Null(await store.GetAsync(Pool("new")));
        Assert.NotNull(await store.GetAsync(Pool("keep")));
        Assert.Equal(Json("exists"), (await store.GetAsync(Pool("exists")))!.Value);
    }

    [Fact]
    public async Task Commit_StaleExpectedRevision_ThrowsConflictWithIndexAndWritesNothing()
    {
        await using var store = await CreateDatastoreAsync();
        var a = await store.CreateAsync(Pool("a"), Json("a", 1));
        await store.UpdateAsync(Pool("a"), Json("a", 2), null);

        var e = await Assert.ThrowsAsync<RevisionConflictException>(() => store.CommitAsync(
        [
            new TransactionOp.Create(Pool("b"), Json("b")),
            new TransactionOp.Update(Pool("a"), Json("a", 3), a.Revision),
        ]).AsTask());

        Assert.Equal(1, e.OperationIndex);
        Assert.Equal(a.Revision, e.ExpectedRevision);
        Assert.Equal(2, e.ActualRevision);
        Assert.Null(await store.GetAsync(Pool("b")));
        Assert.Equal(2, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Commit_MissingKey_ThrowsNotFoundWithIndex()
    {
        await using var store = await CreateDatastoreAsync();

        var e = await Assert.ThrowsAsync<ResourceNotFoundException>(() => store.CommitAsync(
        [
            new TransactionOp.Delete(Policy("app", "gone")),
        ]).AsTask());

        Assert.Equal(0, e.OperationIndex);
        Assert.Equal(0, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Commit_NoOperations_WritesNothing()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Pool("a"), Json("a"));

        var results = await store.CommitAsync([]);

        Assert.Empty(results);
        Assert.Equal(1, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Commit_SameKeyTwice_ThrowsArgumentExceptionAndWritesNothing()
    {
        await using var store = await CreateDatastoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CommitAsync(
        [
            new TransactionOp.Create(Pool("a"), Json("a")),
            new TransactionOp.Update(Pool("a"), Json("a", 1)),
        ]).AsTask());

        Assert.Null(await store.GetAsync(Pool("a")));
        Assert.Equal(0, await store.GetRevisionAsync());
    }
}
