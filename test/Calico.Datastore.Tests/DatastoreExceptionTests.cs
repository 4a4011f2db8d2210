namespace Calico.Datastore.Tests;

/// <summary>The user-facing texts of keys and errors.</summary>
public sealed class DatastoreExceptionTests
{
    [Fact]
    public void ResourceKey_ToString_QuotesTheQualifiedName()
    {
        Assert.Equal("IPPool \"default-ipv4-ippool\"", ResourceKey.Cluster("IPPool", "default-ipv4-ippool").ToString());
        Assert.Equal("NetworkPolicy \"app/allow\"", ResourceKey.Namespaced("NetworkPolicy", "app", "allow").ToString());
        Assert.Equal("app/allow", ResourceKey.Namespaced("NetworkPolicy", "app", "allow").QualifiedName);
    }

    [Fact]
    public void Messages_NameTheResourceAndWhatToDo()
    {
        var policy = ResourceKey.Namespaced("NetworkPolicy", "app", "allow");

        Assert.Equal("IPPool \"default-ipv4-ippool\" already exists", new ResourceAlreadyExistsException(ResourceKey.Cluster("IPPool", "default-ipv4-ippool")).Message);
        Assert.Equal("NetworkPolicy \"app/allow\" does not exist", new ResourceNotFoundException(policy).Message);
        Assert.Equal(
            "NetworkPolicy \"app/allow\" was modified concurrently (revision 12 expected, 15 found); re-read and retry",
            new RevisionConflictException(policy, 12, 15).Message);
        Assert.StartsWith("changes after revision 3 are no longer available", new RevisionCompactedException(3, 7).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OperationIndex_IsAppendedToTheMessage()
    {
        var e = new ResourceNotFoundException(ResourceKey.Cluster("IPPool", "x")) { OperationIndex = 3 };

        Assert.Equal("IPPool \"x\" does not exist (transaction operation 3)", e.Message);
        Assert.IsAssignableFrom<DatastoreException>(e);
    }

    [Fact]
    public async Task InMemory_BackendName_IsMemory()
    {
        await using var store = DatastoreFactory.CreateInMemory();

        Assert.Equal(DatastoreBackendNames.InMemory, store.BackendName);
    }

    [Fact]
    public async Task OpenSqlite_InvalidOptions_ThrowArgumentException()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = " " }).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(
            () => DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = "/tmp/x.db", BusyTimeout = TimeSpan.Zero }).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(
            () => DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = "/tmp/x.db", ChangeLogRetention = -1 }).AsTask());
    }
}
