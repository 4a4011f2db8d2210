using Calico.Datastore;

namespace Calico.Ipam.Tests;

/// <summary>A private directory for SQLite files (prefix calico-test-), removed on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"calico-test-ipam-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "calico.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public ValueTask<IDatastore> OpenAsync() =>
        DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = Path, BusyTimeout = TimeSpan.FromSeconds(60) });

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
