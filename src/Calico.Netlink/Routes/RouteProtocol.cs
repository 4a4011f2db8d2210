namespace Calico.Netlink;

/// <summary>
/// rtm_protocol: who installed a route. Any byte is valid (Felix's deviceRouteProtocol is configurable), so cast
/// other numbers freely; the named ones are those of /etc/iproute2/rt_protos.
/// </summary>
public enum RouteProtocol : byte
{
    /// <summary>On add, treated as <see cref="Boot"/> (as ip route does); on delete and list filters, "any".</summary>
    Unspecified = 0,
    Redirect = 1,
    Kernel = 2,

    /// <summary>The default for routes added by hand or by tools; Calico's default DeviceRouteProtocol (3).</summary>
    Boot = 3,
    Static = 4,
    Ra = 9,
    Dhcp = 16,
    Bird = 12,
    Keepalived = 18,
    Babel = 42,
    Bgp = 186,
    Isis = 187,
    Ospf = 188,
    Rip = 189,
}
