namespace Calico.Netlink;

/// <summary>rtm_flags / next-hop flags that callers set or read.</summary>
[Flags]
public enum RouteFlags : uint
{
    None = 0,
    Dead = 0x1,
    Pervasive = 0x2,

    /// <summary>RTNH_F_ONLINK: the gateway is on the link even though no address covers it (VXLAN routes via tunnel IPs).</summary>
    OnLink = 0x4,
    Offload = 0x8,
    LinkDown = 0x10,
}
