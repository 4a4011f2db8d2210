namespace Calico.Datastore.Tests;

/// <summary>A uniquely named temporary directory for one test's database, removed on dispose (also after a failure).</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"calico-test-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "calico.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public SqliteDatastoreOptions Options(TimeSpan? busyTimeout = null) => new()
    {
        Path = Path,
        BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(10),
    };

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
