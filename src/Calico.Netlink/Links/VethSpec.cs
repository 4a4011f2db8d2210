namespace Calico.Netlink;

/// <summary>
/// A veth pair to create. The first end is created in the namespace of the <see cref="IRouteNetlink"/> used;
/// the peer goes straight into <see cref="PeerNamespace"/> (IFLA_NET_NS_FD), so its name never clashes with a
/// device of the creating namespace (e.g. two "eth0"s).
/// </summary>
public sealed record VethSpec(LinkName Name, LinkName PeerName)
{
    /// <summary>Where the peer is created; null means the same namespace as the first end.</summary>
    public NetworkNamespace? PeerNamespace { get; init; }

    public MacAddress? Mac { get; init; }

    public MacAddress? PeerMac { get; init; }

    /// <summary>MTU of both ends unless <see cref="PeerMtu"/> is set.</summary>
    public int? Mtu { get; init; }

    public int? PeerMtu { get; init; }

    /// <summary>
    /// Bring the first end up as part of the create request (saves a round trip). The peer stays down: the kernel
    /// refuses IFF_UP on a veth peer at creation (ENOTCONN), so bring it up through the peer namespace's handle.
    /// </summary>
    public bool Up { get; init; }
}
