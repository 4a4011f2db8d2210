namespace Calico.Netlink;

/// <summary>Per-interface IPv6 settings; netlink cannot set these, so they are written to /proc/sys/net/ipv6/conf/DEV inside the namespace.</summary>
public enum IPv6DeviceSetting
{
    /// <summary>accept_ra (Calico sets 0 on host-side workload veths).</summary>
    AcceptRa,
    Forwarding,
    DisableIPv6,
    AcceptDad,
    ProxyNdp,
}
