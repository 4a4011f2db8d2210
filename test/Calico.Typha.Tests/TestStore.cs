using Calico.Datastore;

namespace Calico.Typha.Tests;

/// <summary>A real SQLite datastore in a unique temporary directory (calico-test-typha-*), deleted on dispose.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    private TestStore(string directory, IDatastore store)
    {
        Directory = directory;
        Store = store;
    }

    public string Directory { get; }

    public string Path => System.IO.Path.Combine(Directory, "calico.db");

    public IDatastore Store { get; }

    public static async Task<TestStore> CreateAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("calico-test-typha-").FullName;
        var store = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = System.IO.Path.Combine(directory, "calico.db") });
        return new TestStore(directory, store);
    }

    /// <summary>Key → revision of every stored resource of the kinds a syncer type follows.</summary>
    public async Task<Dictionary<ResourceKey, long>> StateAsync(SyncerType type)
    {
        var state = new Dictionary<ResourceKey, long>();
        foreach (var kind in SyncerKinds.For(type))
        {
            foreach (var item in (await Store.ListAsync(kind.StoreKind)).Items)
            {
                state[item.Key] = item.Revision;
            }
        }

        return state;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
