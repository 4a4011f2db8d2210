using System.Text.Json.Serialization;

namespace Calico.Api.Resources;

public sealed class BGPConfiguration : Resource
{
    public BGPConfigurationSpec Spec { get; set; } = new();
}

public sealed class BGPConfigurationSpec
{
    public string? LogSeverityScreen { get; set; }

    public bool? NodeToNodeMeshEnabled { get; set; }

    [JsonPropertyName("asNumber")]
    public long? AsNumber { get; set; }

    [JsonPropertyName("serviceClusterIPs")]
    public List<ServiceCidr>? ServiceClusterIps { get; set; }

    [JsonPropertyName("serviceExternalIPs")]
    public List<ServiceCidr>? ServiceExternalIps { get; set; }

    [JsonPropertyName("serviceLoadBalancerIPs")]
    public List<ServiceCidr>? ServiceLoadBalancerIps { get; set; }

    public List<Community>? Communities { get; set; }

    public List<PrefixAdvertisement>? PrefixAdvertisements { get; set; }

    public int? ListenPort { get; set; }

    public BgpPassword? NodeMeshPassword { get; set; }

    public string? NodeMeshMaxRestartTime { get; set; }

    public string? BindMode { get; set; }

    public List<string>? IgnoredInterfaces { get; set; }

    [JsonPropertyName("localWorkloadPeeringIPV4")]
    public string? LocalWorkloadPeeringIpv4 { get; set; }

    [JsonPropertyName("localWorkloadPeeringIPV6")]
    public string? LocalWorkloadPeeringIpv6 { get; set; }

    public string? ProgramClusterRoutes { get; set; }
}

public sealed class ServiceCidr
{
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }
}

public sealed class Community
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}

public sealed class PrefixAdvertisement
{
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }

    public List<string>? Communities { get; set; }
}
