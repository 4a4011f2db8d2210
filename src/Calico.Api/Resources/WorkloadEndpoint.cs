using System.Text.Json.Serialization;
using Calico.Api.Values;

namespace Calico.Api.Resources;

public sealed class WorkloadEndpoint : Resource
{
    public WorkloadEndpointSpec Spec { get; set; } = new();
}

public sealed class WorkloadEndpointSpec
{
    public string? Orchestrator { get; set; }

    public string? Workload { get; set; }

    public string? Node { get; set; }

    [JsonPropertyName("containerID")]
    public string? ContainerId { get; set; }

    public string? Pod { get; set; }

    public string? Endpoint { get; set; }

    public string? ServiceAccountName { get; set; }

    [JsonPropertyName("ipNetworks")]
    public List<string>? IpNetworks { get; set; }

    [JsonPropertyName("ipNATs")]
    public List<IpNat>? IpNats { get; set; }

    [JsonPropertyName("ipv4Gateway")]
    public string? Ipv4Gateway { get; set; }

    [JsonPropertyName("ipv6Gateway")]
    public string? Ipv6Gateway { get; set; }

    public List<string>? Profiles { get; set; }

    public string? InterfaceName { get; set; }

    [JsonPropertyName("mac")]
    public string? Mac { get; set; }

    public List<EndpointPort>? Ports { get; set; }

    public List<string>? AllowSpoofedSourcePrefixes { get; set; }

    [JsonPropertyName("qosControls")]
    public QosControls? QosControls { get; set; }
}

public sealed class IpNat
{
    [JsonPropertyName("internalIP")]
    public string? InternalIp { get; set; }

    [JsonPropertyName("externalIP")]
    public string? ExternalIp { get; set; }
}

public sealed class QosControls
{
    public long? IngressBandwidth { get; set; }

    public long? EgressBandwidth { get; set; }

    public long? IngressBurst { get; set; }

    public long? EgressBurst { get; set; }

    public long? IngressPacketRate { get; set; }

    public long? EgressPacketRate { get; set; }

    public long? IngressMaxConnections { get; set; }

    public long? EgressMaxConnections { get; set; }
}
