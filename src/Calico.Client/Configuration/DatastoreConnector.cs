using Calico.Datastore;

namespace Calico.Client.Configuration;

/// <summary>Opens the datastore a configuration names.</summary>
public static class DatastoreConnector
{
    public static ValueTask<IDatastore> OpenAsync(DatastoreConfig config, CancellationToken ct = default) => config.Type switch
    {
        DatastoreType.Sqlite => DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = config.SqlitePath, BusyTimeout = config.Timeout }, ct),
        DatastoreType.EtcdV3 => DatastoreFactory.OpenEtcdAsync(EtcdOptions(config), ct),
        _ => throw new DatastoreConfigException($"{config.Origin}: unknown datastore type {config.Type}"),
    };

    private static EtcdDatastoreOptions EtcdOptions(DatastoreConfig config)
    {
        if (config.EtcdUsername is not null || config.EtcdPassword is not null)
        {
            throw new DatastoreConfigException($"{config.Origin}: ETCD_USERNAME/ETCD_PASSWORD are not supported yet; use client certificates (ETCD_CERT_FILE, ETCD_KEY_FILE)");
        }

        var endpoints = new List<Uri>();
        foreach (var endpoint in config.EtcdEndpoints)
        {
            if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != "unix"))
            {
                throw new DatastoreConfigException($"{config.Origin}: ETCD_ENDPOINTS entry \"{endpoint}\" is not an http://, https:// or unix:///path URL");
            }

            if (uri.Scheme == "unix" && (uri.Host.Length > 0 || uri.AbsolutePath.Length < 2))
            {
                throw new DatastoreConfigException($"{config.Origin}: ETCD_ENDPOINTS entry \"{endpoint}\" is not unix:///absolute/path/to/socket (three slashes: the socket's absolute path)");
            }

            endpoints.Add(uri);
        }

        return new EtcdDatastoreOptions
        {
            Endpoints = endpoints,
            RequestTimeout = config.Timeout,
            CaCertFile = config.EtcdCaCertFile,
            CertFile = config.EtcdCertFile,
            KeyFile = config.EtcdKeyFile,
        };
    }
}
