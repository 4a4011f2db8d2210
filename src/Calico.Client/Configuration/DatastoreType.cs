namespace Calico.Client.Configuration;

public enum DatastoreType
{
    /// <summary>The embedded SQLite file (default).</summary>
    Sqlite,

    /// <summary>etcd v3.</summary>
    EtcdV3,
}
