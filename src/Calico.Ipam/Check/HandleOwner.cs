namespace Calico.Ipam.Check;

/// <summary>
/// Who a handle ID says owns its addresses. Calico's tunnel handles are "&lt;prefix&gt;-&lt;node&gt;" and match a Node
/// field; "&lt;network&gt;.&lt;containerID&gt;" (e.g. k8s-pod-network.&lt;cid&gt;) matches a WorkloadEndpoint's containerID;
/// anything else is matched by address alone.
/// </summary>
internal sealed record HandleOwner(string? ContainerId, string? Node, string? NodeField)
{
    public const string IpipField = "bgp.ipv4IPIPTunnelAddr";
    public const string VxlanField = "ipv4VXLANTunnelAddr";
    public const string VxlanV6Field = "ipv6VXLANTunnelAddr";
    public const string WireguardField = "wireguard.interfaceIPv4Address";
    public const string WireguardV6Field = "wireguard.interfaceIPv6Address";

    private static readonly (string Prefix, string Field)[] TunnelPrefixes =
    [
        ("ipip-tunnel-addr-", IpipField),
        ("vxlan-tunnel-addr-", VxlanField),
        ("vxlan-v6-tunnel-addr-", VxlanV6Field),
        ("wireguard-tunnel-addr-", WireguardField),
        ("wireguard-v6-tunnel-addr-", WireguardV6Field),
    ];

    public bool IsKnown => ContainerId is not null || Node is not null;

    public static HandleOwner Parse(string? handleId)
    {
        if (string.IsNullOrEmpty(handleId))
        {
            return new HandleOwner(null, null, null);
        }

        foreach (var (prefix, field) in TunnelPrefixes)
        {
            if (handleId.StartsWith(prefix, StringComparison.Ordinal) && handleId.Length > prefix.Length)
            {
                return new HandleOwner(null, handleId[prefix.Length..], field);
            }
        }

        var dot = handleId.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < handleId.Length - 1
            ? new HandleOwner(handleId[(dot + 1)..], null, null)
            : new HandleOwner(null, null, null);
    }

    /// <summary>True when <paramref name="owner"/> is the resource this handle belongs to.</summary>
    public bool Matches(AddressOwner owner) => ContainerId is not null
        ? string.Equals(owner.ContainerId, ContainerId, StringComparison.Ordinal)
        : Node is not null && string.Equals(owner.Node, Node, StringComparison.Ordinal) && string.Equals(owner.NodeField, NodeField, StringComparison.Ordinal);

    /// <summary>What the handle expects, for messages.</summary>
    public string Expected => ContainerId is not null
        ? $"a WorkloadEndpoint with containerID {ContainerId}"
        : Node is not null ? $"Node \"{Node}\" ({NodeField})" : "a WorkloadEndpoint or Node using it";
}
