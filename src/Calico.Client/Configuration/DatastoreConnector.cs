using Calico.Datastore;

namespace Calico.Client.Configuration;

/// <summary>Opens the datastore a configuration names.</summary>
public static class DatastoreConnector
{
    public static ValueTask<IDatastore> OpenAsync(DatastoreConfig config, CancellationToken ct = default) => config.Type switch
    {
        DatastoreType.Sqlite => DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = config.SqlitePath, BusyTimeout = config.Timeout }, ct),
        _ => throw new DatastoreConfigException($"{config.Origin}: the etcdv3 datastore is not built yet; use DATASTORE_TYPE=sqlite"),
    };
}
