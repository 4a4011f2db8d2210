using System.Net;
using Calico.Api.Resources;
using Calico.Ipam.Store;

namespace Calico.Ipam.Check;

/// <summary>Which WorkloadEndpoints and Nodes use which addresses (ipNetworks; tunnel and WireGuard addresses).</summary>
internal sealed class OwnerIndex
{
    private static readonly IReadOnlyList<AddressOwner> None = [];
    private readonly Dictionary<IPAddress, List<AddressOwner>> _owners = [];
    private readonly HashSet<string> _containerIds = new(StringComparer.Ordinal);

    public int WorkloadAddresses { get; private set; }

    public int NodeAddresses { get; private set; }

    public int Count => _owners.Count;

    public IEnumerable<KeyValuePair<IPAddress, List<AddressOwner>>> All => _owners;

    public static OwnerIndex Build(IReadOnlyList<Stored<WorkloadEndpoint>> endpoints, IReadOnlyList<Stored<Node>> nodes)
    {
        var index = new OwnerIndex();
        foreach (var endpoint in endpoints.Select(e => e.Resource))
        {
            var owner = new AddressOwner($"Workload({endpoint.Namespace}/{endpoint.Name})", endpoint.Spec.ContainerId, null, null);
            if (endpoint.Spec.ContainerId is { Length: > 0 } cid)
            {
                index._containerIds.Add(cid);
            }

            foreach (var network in endpoint.Spec.IpNetworks ?? [])
            {
                if (index.Add(network, owner))
                {
                    index.WorkloadAddresses++;
                }
            }
        }

        foreach (var node in nodes.Select(n => n.Resource))
        {
            var spec = node.Spec;
            index.AddNode(node.Name, HandleOwner.IpipField, spec.Bgp?.Ipv4IpipTunnelAddr);
            index.AddNode(node.Name, HandleOwner.VxlanField, spec.Ipv4VxlanTunnelAddr);
            index.AddNode(node.Name, HandleOwner.VxlanV6Field, spec.Ipv6VxlanTunnelAddr);
            index.AddNode(node.Name, HandleOwner.WireguardField, spec.Wireguard?.InterfaceIpv4Address);
            index.AddNode(node.Name, HandleOwner.WireguardV6Field, spec.Wireguard?.InterfaceIpv6Address);
        }

        return index;
    }

    public IReadOnlyList<AddressOwner> OwnersOf(IPAddress address) => _owners.TryGetValue(address, out var owners) ? owners : None;

    public bool HasContainer(string containerId) => _containerIds.Contains(containerId);

    /// <summary>The address part of "a.b.c.d", "a.b.c.d/32" or "x::y/128" (host bits kept, as Calico's normaliseIP).</summary>
    public static IPAddress? ParseAddress(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address) ? address : null;
    }

    private void AddNode(string node, string field, string? value)
    {
        if (Add(value, new AddressOwner($"Node({node})", null, node, field)))
        {
            NodeAddresses++;
        }
    }

    private bool Add(string? text, AddressOwner owner)
    {
        if (ParseAddress(text) is not { } address)
        {
            return false;
        }

        if (!_owners.TryGetValue(address, out var list))
        {
            _owners[address] = list = [];
        }

        list.Add(owner);
        return true;
    }
}
