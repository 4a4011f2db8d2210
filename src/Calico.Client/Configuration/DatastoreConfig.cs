namespace Calico.Client.Configuration;

/// <summary>Where the datastore is: from calicoctl.cfg (kind CalicoAPIConfig) or from the environment, as Calico names them.</summary>
public sealed record DatastoreConfig
{
    public DatastoreType Type { get; init; } = DatastoreType.Sqlite;

    public string SqlitePath { get; init; } = Datastore.SqliteDatastoreOptions.DefaultPath;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> EtcdEndpoints { get; init; } = [];

    public string? EtcdKeyFile { get; init; }

    public string? EtcdCertFile { get; init; }

    public string? EtcdCaCertFile { get; init; }

    public string? EtcdUsername { get; init; }

    public string? EtcdPassword { get; init; }

    /// <summary>Where this configuration came from, for messages ("/etc/calico/calicoctl.cfg", "environment", "defaults").</summary>
    public string Origin { get; init; } = "defaults";
}
