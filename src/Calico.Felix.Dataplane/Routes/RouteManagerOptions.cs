using Calico.Netlink;
using Microsoft.Extensions.Logging;

namespace Calico.Felix.Dataplane.Routes;

/// <summary>Settings of a <see cref="RouteManager"/> (Felix's InterfacePrefix and DeviceRouteProtocol).</summary>
public sealed record RouteManagerOptions
{
    /// <summary>
    /// Prefixes of the host-side workload interfaces (Felix's InterfacePrefix, "cali" by default). A route is Felix's
    /// when its device name starts with one of them and it carries <see cref="DeviceRouteProtocol"/>.
    /// </summary>
    public IReadOnlyList<string> InterfacePrefixes { get; init; } = ["cali"];

    /// <summary>
    /// The rtm_protocol of workload routes (Felix's DeviceRouteProtocol, 3 = boot by default). The CNI plugin adds its
    /// routes with the protocol unset, which the kernel stores as boot, so the two agree and a route the plugin added
    /// is recognised as the one this manager wants.
    /// </summary>
    public RouteProtocol DeviceRouteProtocol { get; init; } = RouteProtocol.Boot;

    /// <summary>Also set proxy_arp=1 and forwarding=1 (IPv6: accept_ra=0, forwarding=1) on workload interfaces when they differ.</summary>
    public bool ConfigureInterfaces { get; init; } = true;

    public ILogger? Logger { get; init; }
}
