using System.Text.Json.Serialization;

namespace Calico.Api.Resources;

public sealed class Node : Resource
{
    public NodeSpec Spec { get; set; } = new();

    public NodeStatus? Status { get; set; }
}

public sealed class NodeSpec
{
    [JsonPropertyName("bgp")]
    public NodeBgpSpec? Bgp { get; set; }

    [JsonPropertyName("ipv4VXLANTunnelAddr")]
    public string? Ipv4VxlanTunnelAddr { get; set; }

    [JsonPropertyName("vxlanTunnelMACAddr")]
    public string? VxlanTunnelMacAddr { get; set; }

    [JsonPropertyName("ipv6VXLANTunnelAddr")]
    public string? Ipv6VxlanTunnelAddr { get; set; }

    [JsonPropertyName("vxlanTunnelMACAddrV6")]
    public string? VxlanTunnelMacAddrV6 { get; set; }

    public List<OrchRef>? OrchRefs { get; set; }

    public NodeWireguardSpec? Wireguard { get; set; }

    public List<NodeAddress>? Addresses { get; set; }
}

public sealed class NodeBgpSpec
{
    [JsonPropertyName("asNumber")]
    public long? AsNumber { get; set; }

    [JsonPropertyName("ipv4Address")]
    public string? Ipv4Address { get; set; }

    [JsonPropertyName("ipv6Address")]
    public string? Ipv6Address { get; set; }

    [JsonPropertyName("ipv4IPIPTunnelAddr")]
    public string? Ipv4IpipTunnelAddr { get; set; }

    [JsonPropertyName("routeReflectorClusterID")]
    public string? RouteReflectorClusterId { get; set; }
}

public sealed class OrchRef
{
    public string? NodeName { get; set; }

    public string? Orchestrator { get; set; }
}

public sealed class NodeWireguardSpec
{
    [JsonPropertyName("interfaceIPv4Address")]
    public string? InterfaceIpv4Address { get; set; }

    [JsonPropertyName("interfaceIPv6Address")]
    public string? InterfaceIpv6Address { get; set; }
}

public sealed class NodeAddress
{
    public string? Address { get; set; }

    public string? Type { get; set; }
}

public sealed class NodeStatus
{
    public string? WireguardPublicKey { get; set; }

    [JsonPropertyName("wireguardPublicKeyV6")]
    public string? WireguardPublicKeyV6 { get; set; }

    [JsonPropertyName("podCIDRs")]
    public List<string>? PodCidrs { get; set; }
}
