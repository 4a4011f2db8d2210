namespace Calico.Netlink.Protocol;

/// <summary>IFLA_* attribute types (linux/if_link.h) and the nested ones used with them.</summary>
internal static class LinkAttribute
{
    public const ushort Address = 1;
    public const ushort IfName = 3;
    public const ushort Mtu = 4;
    public const ushort Link = 5;
    public const ushort Master = 10;
    public const ushort OperState = 16;
    public const ushort LinkInfo = 18;
    public const ushort AfSpec = 26;
    public const ushort NetNsFd = 28;
    public const ushort ExtMask = 29;
    public const ushort LinkNetnsId = 37;

    /// <summary>IFLA_INFO_* inside IFLA_LINKINFO.</summary>
    public const ushort InfoKind = 1;
    public const ushort InfoData = 2;

    /// <summary>VETH_INFO_PEER inside IFLA_INFO_DATA of a veth: an ifinfomsg followed by IFLA_* attributes.</summary>
    public const ushort VethInfoPeer = 1;

    /// <summary>IFLA_INET_CONF inside IFLA_AF_SPEC/AF_INET.</summary>
    public const ushort InetConf = 1;

    /// <summary>RTEXT_FILTER_SKIP_STATS for IFLA_EXT_MASK: leave the counters out of link replies.</summary>
    public const uint ExtFilterSkipStats = 1 << 3;
}
