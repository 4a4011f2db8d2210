using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Calico.Cni.Protocol;

/// <summary>
/// The network configuration on stdin. Calico's keys (snake_case as Calico names them) plus <c>sqlite_path</c> for the
/// embedded datastore. Keys of other plugins are ignored, as CNI requires.
/// </summary>
public sealed class NetConf
{
    [JsonPropertyName("cniVersion")]
    public string? CniVersion { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("ipam")]
    public IpamConf? Ipam { get; set; }

    [JsonPropertyName("mtu")]
    public int? Mtu { get; set; }

    [JsonPropertyName("nodename")]
    public string? NodeName { get; set; }

    [JsonPropertyName("nodename_file")]
    public string? NodeNameFile { get; set; }

    [JsonPropertyName("datastore_type")]
    public string? DatastoreType { get; set; }

    [JsonPropertyName("sqlite_path")]
    public string? SqlitePath { get; set; }

    [JsonPropertyName("datastore_timeout_seconds")]
    public double? DatastoreTimeoutSeconds { get; set; }

    [JsonPropertyName("etcd_endpoints")]
    public string? EtcdEndpoints { get; set; }

    [JsonPropertyName("etcd_key_file")]
    public string? EtcdKeyFile { get; set; }

    [JsonPropertyName("etcd_cert_file")]
    public string? EtcdCertFile { get; set; }

    [JsonPropertyName("etcd_ca_cert_file")]
    public string? EtcdCaCertFile { get; set; }

    [JsonPropertyName("log_level")]
    public string? LogLevel { get; set; }

    [JsonPropertyName("log_file_path")]
    public string? LogFilePath { get; set; }

    [JsonPropertyName("interface_prefix")]
    public string? InterfacePrefix { get; set; }

    [JsonPropertyName("container_settings")]
    public ContainerSettings? ContainerSettings { get; set; }

    [JsonPropertyName("prevResult")]
    public JsonObject? PrevResult { get; set; }
}

public sealed class IpamConf
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>"true" (default) or "false", as a string in Calico's config.</summary>
    [JsonPropertyName("assign_ipv4")]
    public string? AssignIpv4 { get; set; }

    [JsonPropertyName("assign_ipv6")]
    public string? AssignIpv6 { get; set; }

    [JsonPropertyName("ipv4_pools")]
    public List<string>? Ipv4Pools { get; set; }

    [JsonPropertyName("ipv6_pools")]
    public List<string>? Ipv6Pools { get; set; }
}

public sealed class ContainerSettings
{
    [JsonPropertyName("allow_ip_forwarding")]
    public bool? AllowIpForwarding { get; set; }
}
