namespace Calico.Netlink;

/// <summary>A network interface as the kernel reports it (RTM_NEWLINK reply).</summary>
public sealed record Link(LinkIndex Index, LinkName Name)
{
    /// <summary>IFLA_INFO_KIND: veth, vxlan, bridge…; <see cref="LinkKind.None"/> for lo and physical devices.</summary>
    public LinkKind Kind { get; init; } = LinkKind.None;

    /// <summary>The link-layer address, when it is a 6-byte MAC.</summary>
    public MacAddress? Mac { get; init; }

    public int Mtu { get; init; }

    public LinkFlags Flags { get; init; }

    public OperationalState OperationalState { get; init; }

    /// <summary>The bridge (or bond) this link is enslaved to.</summary>
    public LinkIndex? Master { get; init; }

    /// <summary>IFLA_LINK: for a veth, the peer's index (in the peer's namespace, see <see cref="LinkNetnsId"/>); for a VLAN, its parent.</summary>
    public LinkIndex? Parent { get; init; }

    /// <summary>IFLA_LINK_NETNSID: the id, local to this namespace, of the namespace holding <see cref="Parent"/> (a veth peer elsewhere).</summary>
    public int? LinkNetnsId { get; init; }

    /// <summary>VXLAN settings when <see cref="Kind"/> is vxlan.</summary>
    public VxlanInfo? Vxlan { get; init; }

    public bool IsUp => (Flags & LinkFlags.Up) != 0;
}
