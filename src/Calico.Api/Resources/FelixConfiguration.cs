using System.Text.Json.Serialization;

namespace Calico.Api.Resources;

public sealed class FelixConfiguration : Resource
{
    public FelixConfigurationSpec Spec { get; set; } = new();
}

/// <summary>The FelixConfiguration fields this implementation knows; durations are Kubernetes duration strings ("90s").</summary>
public sealed class FelixConfigurationSpec
{
    public string? InterfacePrefix { get; set; }

    public string? InterfaceExclude { get; set; }

    public string? ChainInsertMode { get; set; }

    public string? DefaultEndpointToHostAction { get; set; }

    public string? IptablesBackend { get; set; }

    [JsonPropertyName("nftablesMode")]
    public string? NftablesMode { get; set; }

    public string? IptablesMarkMask { get; set; }

    [JsonPropertyName("nftablesMarkMask")]
    public string? NftablesMarkMask { get; set; }

    [JsonPropertyName("ipipEnabled")]
    public bool? IpipEnabled { get; set; }

    [JsonPropertyName("ipipMTU")]
    public int? IpipMtu { get; set; }

    [JsonPropertyName("vxlanEnabled")]
    public bool? VxlanEnabled { get; set; }

    [JsonPropertyName("vxlanMTU")]
    public int? VxlanMtu { get; set; }

    [JsonPropertyName("vxlanMTUV6")]
    public int? VxlanMtuV6 { get; set; }

    [JsonPropertyName("vxlanPort")]
    public int? VxlanPort { get; set; }

    [JsonPropertyName("vxlanVNI")]
    public int? VxlanVni { get; set; }

    public List<ProtoPort>? FailsafeInboundHostPorts { get; set; }

    public List<ProtoPort>? FailsafeOutboundHostPorts { get; set; }

    public bool? HealthEnabled { get; set; }

    public string? HealthHost { get; set; }

    public int? HealthPort { get; set; }

    public bool? PrometheusMetricsEnabled { get; set; }

    public string? PrometheusMetricsHost { get; set; }

    public int? PrometheusMetricsPort { get; set; }

    public string? RouteRefreshInterval { get; set; }

    public string? IptablesRefreshInterval { get; set; }

    [JsonPropertyName("nftablesRefreshInterval")]
    public string? NftablesRefreshInterval { get; set; }

    public string? ReportingInterval { get; set; }

    public string? LogSeverityScreen { get; set; }

    public string? LogSeverityFile { get; set; }

    public string? LogFilePath { get; set; }

    public string? NatOutgoingAddress { get; set; }

    public string? NatPortRange { get; set; }

    public string? NatOutgoingExclusions { get; set; }

    public string? ServiceLoopPrevention { get; set; }

    public bool? WireguardEnabled { get; set; }

    public int? WireguardListeningPort { get; set; }

    public string? WireguardInterfaceName { get; set; }

    [JsonPropertyName("bpfEnabled")]
    public bool? BpfEnabled { get; set; }

    public string? RouteSource { get; set; }

    [JsonPropertyName("ipv6Support")]
    public bool? Ipv6Support { get; set; }

    public string? RouteTableRange { get; set; }

    [JsonPropertyName("deviceRouteProtocol")]
    public int? DeviceRouteProtocol { get; set; }

    public bool? RemoveExternalRoutes { get; set; }

    public bool? PolicySyncPathPrefix { get; set; }

    public string? EndpointReportingEnabled { get; set; }

    public string? DefaultEndpointToHostActionOverride { get; set; }

    public bool? FloatingIPs { get; set; }

    [JsonPropertyName("mtuIfacePattern")]
    public string? MtuIfacePattern { get; set; }

    public string? DebugMemoryProfilePath { get; set; }

    public bool? UseInternalDataplaneDriver { get; set; }

    public string? DataplaneDriver { get; set; }
}

public sealed class ProtoPort
{
    public string? Protocol { get; set; }

    public int? Port { get; set; }

    public string? Net { get; set; }
}
