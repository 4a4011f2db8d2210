using Calico.Datastore.Etcd;
using Calico.Datastore.InMemory;
using Calico.Datastore.Sqlite;

namespace Calico.Datastore;

/// <summary>Opens datastores. The implementations are internal; this is how callers get one.</summary>
public static class DatastoreFactory
{
    /// <summary>
    /// Opens (creating if needed) the SQLite datastore at <see cref="SqliteDatastoreOptions.Path"/>, sets it up for
    /// concurrent use by many processes, and creates or checks its schema.
    /// </summary>
    /// <exception cref="DatastoreUnavailableException">The file cannot be created or opened, or stays locked beyond the busy timeout.</exception>
    public static ValueTask<IDatastore> OpenSqliteAsync(SqliteDatastoreOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return SqliteDatastore.OpenAsync(options, ct);
    }

    /// <summary>Connects to the etcd v3 cluster at <see cref="EtcdDatastoreOptions.Endpoints"/> and checks that a member answers.</summary>
    /// <exception cref="DatastoreUnavailableException">No member answers within the request timeout, or the TLS files cannot be loaded.</exception>
    public static ValueTask<IDatastore> OpenEtcdAsync(EtcdDatastoreOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return EtcdDatastore.OpenAsync(options, ct);
    }

    /// <summary>Creates an empty in-process datastore with the same semantics, for tests.</summary>
    public static IDatastore CreateInMemory() => new InMemoryDatastore();
}
