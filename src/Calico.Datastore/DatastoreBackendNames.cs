namespace Calico.Datastore;

/// <summary>The names of the datastore backends, as <see cref="IDatastore.BackendName"/> reports them.</summary>
public static class DatastoreBackendNames
{
    /// <summary>The embedded SQLite file shared by every process on a machine.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The in-process store for tests.</summary>
    public const string InMemory = "memory";

    /// <summary>An etcd v3 cluster.</summary>
    public const string Etcd = "etcdv3";
}
