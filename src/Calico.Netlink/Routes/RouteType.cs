namespace Calico.Netlink;

/// <summary>rtm_type (RTN_*).</summary>
public enum RouteType : byte
{
    Unspecified = 0,
    Unicast = 1,
    Local = 2,
    Broadcast = 3,
    Anycast = 4,
    Multicast = 5,

    /// <summary>Silently drop (Calico installs one per local IPAM block).</summary>
    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
    Throw = 9,
}
