using System.Net;
using Calico.Core;

namespace Calico.Netlink.Tests.Infrastructure;

/// <summary>
/// Plumbs a pod the way Calico's CNI plugin does (calico-features.md §4): veth cali… (MAC ee:ee:ee:ee:ee:ee) with
/// eth0 in the pod; pod: ADDRESS/32, 169.254.1.1 dev eth0 scope link, default via 169.254.1.1; host: ADDRESS/32
/// dev cali… scope link, proxy_arp=1, forwarding=1, accept_ra=0.
/// </summary>
internal static class CalicoWorkload
{
    public static readonly IPAddress Gateway = IPAddress.Parse("169.254.1.1");

    public static Link Plumb(IRouteNetlink host, IRouteNetlink pod, LinkName hostSide, IPAddress podIp)
    {
        var veth = host.Links.CreateVeth(new VethSpec(hostSide, "eth0")
        {
            PeerNamespace = pod.Namespace,
            Mac = MacAddress.CalicoHostSide,
            Mtu = 1450,
            Up = true,
        });
        var eth0 = pod.Links.Get("eth0");
        pod.Links.SetUp(eth0.Index);
        pod.Addresses.Add(new InterfaceAddress(eth0.Index, podIp, 32));
        pod.Routes.Add(new Route(Cidr.FromAddress(Gateway)) { Link = eth0.Index, Scope = RouteScope.Link });
        pod.Routes.Add(new Route(Cidr.Parse("0.0.0.0/0")) { Gateway = Gateway, Link = eth0.Index });
        host.Routes.Add(new Route(Cidr.FromAddress(podIp)) { Link = veth.Index, Scope = RouteScope.Link });
        host.DeviceSettings.SetIPv4(veth.Index, IPv4Setting.ProxyArp(true), IPv4Setting.Forwarding(true));
        host.DeviceSettings.SetIPv6(hostSide, IPv6DeviceSetting.AcceptRa, 0);
        return veth;
    }

    /// <summary>A node's uplink: an eth0 with an address and a default route, so proxy ARP has somewhere else to route 169.254.1.1.</summary>
    public static void AddUplink(IRouteNetlink host, IPAddress nodeIp)
    {
        var uplink = TestLinks.Create(host, "eth0");
        host.Addresses.Add(new InterfaceAddress(uplink.Index, nodeIp, 24));
        var bytes = nodeIp.GetAddressBytes();
        bytes[3] = 254;
        host.Routes.Add(new Route(Cidr.Parse("0.0.0.0/0")) { Gateway = new IPAddress(bytes), Link = uplink.Index, Flags = RouteFlags.OnLink });
    }
}
