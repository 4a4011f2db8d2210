using System.Net;
using System.Net.Sockets;
using Calico.Core;
using Calico.Policy.Ids;

namespace Calico.Policy.Snapshot;

/// <summary>
/// A workload or host endpoint as the policy model sees it: its addresses, effective labels (own labels,
/// Calico's well-known labels, then labels inherited from its profiles), profiles and named ports.
/// </summary>
public sealed record ModelEndpoint
{
    /// <summary>The endpoint's identity.</summary>
    public required EndpointId Id { get; init; }

    /// <summary><c>namespace/pod</c> for Kubernetes workloads, else the <see cref="Id"/> text.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The node the endpoint is on, if known.</summary>
    public string? Node { get; init; }

    /// <summary>The interface name (<c>*</c> for an all-interfaces host endpoint).</summary>
    public string? InterfaceName { get; init; }

    /// <summary>The endpoint's networks: a workload's ipNetworks, a host endpoint's expectedIPs (as /32 or /128).</summary>
    public IReadOnlyList<Cidr> Networks { get; init; } = [];

    /// <summary>Profiles in priority order (labels and rules); for pods <c>kns.&lt;ns&gt;</c>, <c>ksa.&lt;ns&gt;.&lt;sa&gt;</c>.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary>The labels selectors see.</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>Named ports (ports without a name are not kept: Felix ignores them).</summary>
    public IReadOnlyList<NamedPort> Ports { get; init; } = [];

    /// <summary>True for a host endpoint with <c>interfaceName: "*"</c>.</summary>
    public bool IsAllInterfacesHost => Id.Kind == EndpointKind.Host && string.Equals(InterfaceName, "*", StringComparison.Ordinal);

    /// <summary>The endpoint's first address of IP version <paramref name="ipVersion"/> (4 or 6), or null.</summary>
    public IPAddress? AddressFor(int ipVersion)
    {
        var family = ipVersion == 6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        foreach (var network in Networks)
        {
            if (network.Family == family)
            {
                return network.Address;
            }
        }

        return null;
    }

    /// <summary>True when one of the endpoint's networks contains <paramref name="address"/>.</summary>
    public bool Owns(IPAddress address)
    {
        foreach (var network in Networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => DisplayName;
}
