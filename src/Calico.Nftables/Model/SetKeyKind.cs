namespace Calico.Nftables;

/// <summary>One component of a set's key type (nft data types).</summary>
public enum SetKeyKind : byte
{
    /// <summary><c>ipv4_addr</c>.</summary>
    Ipv4Address = 1,

    /// <summary><c>ipv6_addr</c>.</summary>
    Ipv6Address,

    /// <summary><c>inet_proto</c> (an IP protocol number: 6 tcp, 17 udp, 132 sctp…).</summary>
    InetProto,

    /// <summary><c>inet_service</c> (a port).</summary>
    InetService,

    /// <summary><c>ifname</c> (an interface name).</summary>
    IfName,

    /// <summary><c>mark</c> (a packet mark).</summary>
    Mark,
}
