using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Calico.Client.Configuration;

/// <summary>
/// Loads the datastore configuration as calicoctl does: the config file if it exists (default /etc/calico/calicoctl.cfg),
/// otherwise the environment (DATASTORE_TYPE, SQLITE_PATH, ETCD_ENDPOINTS, ETCD_KEY_FILE, ETCD_CERT_FILE, ETCD_CA_CERT_FILE,
/// ETCD_USERNAME, ETCD_PASSWORD, DATASTORE_TIMEOUT).
/// </summary>
public static class DatastoreConfigLoader
{
    public const string DefaultConfigFile = "/etc/calico/calicoctl.cfg";

    /// <param name="configFile">The -c/--config value, or null for the default file.</param>
    /// <param name="environment">The environment variables.</param>
    /// <exception cref="DatastoreConfigException">The file or a variable is invalid, or an explicitly named file is missing.</exception>
    public static DatastoreConfig Load(string? configFile, IReadOnlyDictionary<string, string?> environment)
    {
        var path = configFile ?? DefaultConfigFile;
        if (File.Exists(path))
        {
            return FromFile(path);
        }

        if (configFile is not null)
        {
            throw new DatastoreConfigException($"config file {configFile} does not exist");
        }

        return FromValues(key => environment.TryGetValue(key, out var v) ? v : null, "environment");
    }

    private static DatastoreConfig FromFile(string path)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            using var reader = File.OpenText(path);
            stream.Load(reader);
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
                ?? throw new DatastoreConfigException($"{path}: expected apiVersion: projectcalico.org/v3, kind: CalicoAPIConfig and spec");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new DatastoreConfigException($"{path}: malformed YAML at line {e.Start.Line}: {e.Message}");
        }

        var kind = Scalar(root, "kind");
        if (!string.Equals(kind, "CalicoAPIConfig", StringComparison.Ordinal))
        {
            throw new DatastoreConfigException($"{path}: kind must be CalicoAPIConfig, not \"{kind}\"");
        }

        var spec = root.Children.TryGetValue(new YamlScalarNode("spec"), out var specNode) && specNode is YamlMappingNode m ? m : new YamlMappingNode();
        var known = new[] { "datastoreType", "sqlitePath", "datastoreTimeout", "etcdEndpoints", "etcdKeyFile", "etcdCertFile", "etcdCACertFile", "etcdCaCertFile", "etcdUsername", "etcdPassword" };
        foreach (var key in spec.Children.Keys.OfType<YamlScalarNode>())
        {
            if (!known.Contains(key.Value, StringComparer.Ordinal))
            {
                throw new DatastoreConfigException($"{path}: spec.{key.Value}: unknown field (known: {string.Join(", ", known)})");
            }
        }

        string? Get(string envName) => envName switch
        {
            "DATASTORE_TYPE" => Scalar(spec, "datastoreType"),
            "SQLITE_PATH" => Scalar(spec, "sqlitePath"),
            "DATASTORE_TIMEOUT" => Scalar(spec, "datastoreTimeout"),
            "ETCD_ENDPOINTS" => Scalar(spec, "etcdEndpoints"),
            "ETCD_KEY_FILE" => Scalar(spec, "etcdKeyFile"),
            "ETCD_CERT_FILE" => Scalar(spec, "etcdCertFile"),
            "ETCD_CA_CERT_FILE" => Scalar(spec, "etcdCACertFile") ?? Scalar(spec, "etcdCaCertFile"),
            "ETCD_USERNAME" => Scalar(spec, "etcdUsername"),
            "ETCD_PASSWORD" => Scalar(spec, "etcdPassword"),
            _ => null,
        };

        return FromValues(Get, path);
    }

    private static DatastoreConfig FromValues(Func<string, string?> get, string origin)
    {
        var typeText = get("DATASTORE_TYPE");
        var type = typeText switch
        {
            null or "" or "sqlite" => DatastoreType.Sqlite,
            "etcdv3" => DatastoreType.EtcdV3,
            "kubernetes" => throw new DatastoreConfigException($"{origin}: DATASTORE_TYPE kubernetes is not available here (no Kubernetes API); use sqlite or etcdv3"),
            _ => throw new DatastoreConfigException($"{origin}: DATASTORE_TYPE \"{typeText}\" is not sqlite or etcdv3"),
        };

        var timeout = TimeSpan.FromSeconds(10);
        if (get("DATASTORE_TIMEOUT") is { Length: > 0 } timeoutText)
        {
            if (!double.TryParse(timeoutText.TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
            {
                throw new DatastoreConfigException($"{origin}: DATASTORE_TIMEOUT \"{timeoutText}\" is not a number of seconds");
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        var endpoints = (get("ETCD_ENDPOINTS") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (type == DatastoreType.EtcdV3 && endpoints.Length == 0)
        {
            throw new DatastoreConfigException($"{origin}: DATASTORE_TYPE etcdv3 needs ETCD_ENDPOINTS (e.g. http://127.0.0.1:2379)");
        }

        return new DatastoreConfig
        {
            Type = type,
            SqlitePath = get("SQLITE_PATH") is { Length: > 0 } p ? p : Datastore.SqliteDatastoreOptions.DefaultPath,
            Timeout = timeout,
            EtcdEndpoints = endpoints,
            EtcdKeyFile = get("ETCD_KEY_FILE"),
            EtcdCertFile = get("ETCD_CERT_FILE"),
            EtcdCaCertFile = get("ETCD_CA_CERT_FILE"),
            EtcdUsername = get("ETCD_USERNAME"),
            EtcdPassword = get("ETCD_PASSWORD"),
            Origin = origin,
        };
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}
