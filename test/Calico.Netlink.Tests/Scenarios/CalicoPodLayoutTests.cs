using System.Net;
using System.Net.NetworkInformation;
using Calico.Core;
using Calico.Netlink.Tests.Infrastructure;

namespace Calico.Netlink.Tests.Scenarios;

/// <summary>The layout Calico's CNI plugin builds, end to end, proven with real pings between namespaces.</summary>
[Collection(KernelCollection.Name)]
public sealed class CalicoPodLayoutTests
{
    [RootFact]
    public void Plumb_TwoPods_LayoutReadBackAndPodsPingEachOtherAndTheHost()
    {
        using var host = TestNamespace.Create("nl", "node");
        using var pod1 = TestNamespace.Create("nl", "pod1");
        using var pod2 = TestNamespace.Create("nl", "pod2");
        var nodeIp = IPAddress.Parse("198.18.0.1");
        var pod1Ip = IPAddress.Parse("10.65.0.5");
        var pod2Ip = IPAddress.Parse("10.65.0.6");
        CalicoWorkload.AddUplink(host.Netlink, nodeIp);

        var cali1 = CalicoWorkload.Plumb(host.Netlink, pod1.Netlink, "cali0123456789a", pod1Ip);
        CalicoWorkload.Plumb(host.Netlink, pod2.Netlink, "cali0123456789b", pod2Ip);

        // Pod side, through netlink and ip.
        var eth0 = pod1.Netlink.Links.Get("eth0");
        Assert.True(eth0.IsUp);
        var podRoutes = pod1.Netlink.Routes.List();
        Assert.Contains(podRoutes, r => r.Destination == Cidr.Parse("169.254.1.1/32") && r.Scope == RouteScope.Link && r.Link == eth0.Index);
        Assert.Contains(podRoutes, r => r.Destination.PrefixLength == 0 && Equals(r.Gateway, CalicoWorkload.Gateway) && r.Link == eth0.Index);
        var defaultJson = Assert.Single(pod1.IpJson("route", "show", "default").EnumerateArray());
        Assert.Equal("169.254.1.1", defaultJson.GetProperty("gateway").GetString());
        Assert.Equal("eth0", defaultJson.GetProperty("dev").GetString());
        var gatewayJson = Assert.Single(pod1.IpJson("route", "show", "169.254.1.1").EnumerateArray());
        Assert.Equal("link", gatewayJson.GetProperty("scope").GetString());
        Assert.Equal("10.65.0.5", pod1.IpJson("-4", "addr", "show", "dev", "eth0")[0].GetProperty("addr_info")[0].GetProperty("local").GetString());

        // Host side.
        Assert.Equal(MacAddress.CalicoHostSide, cali1.Mac);
        var hostRoute = Assert.Single(host.Netlink.Routes.List(new RouteFilter { Family = System.Net.Sockets.AddressFamily.InterNetwork, Link = cali1.Index }));
        Assert.Equal(Cidr.Parse("10.65.0.5/32"), hostRoute.Destination);
        Assert.Equal(RouteScope.Link, hostRoute.Scope);
        var hostRouteJson = Assert.Single(host.IpJson("-4", "route", "show", "dev", "cali0123456789a").EnumerateArray());
        Assert.Equal("10.65.0.5", hostRouteJson.GetProperty("dst").GetString());
        Assert.Equal("link", hostRouteJson.GetProperty("scope").GetString());
        Assert.Equal("1", host.Exec("cat", "/proc/sys/net/ipv4/conf/cali0123456789a/proxy_arp").Trim());
        Assert.Equal("1", host.Exec("cat", "/proc/sys/net/ipv4/conf/cali0123456789a/forwarding").Trim());
        Assert.Equal("0", host.Exec("cat", "/proc/sys/net/ipv6/conf/cali0123456789a/accept_ra").Trim());

        // Traffic: pod to pod through the host (proxy ARP for 169.254.1.1, forwarding), host to pod, pod to host.
        Assert.Equal(IPStatus.Success, PingFrom(pod1.Handle, pod2Ip));
        Assert.Equal(IPStatus.Success, PingFrom(host.Handle, pod1Ip));
        Assert.Equal(IPStatus.Success, PingFrom(pod2.Handle, nodeIp));
        var neighbours = pod1.Netlink.Neighbours.List(System.Net.Sockets.AddressFamily.InterNetwork, eth0.Index);
        Assert.Contains(neighbours, n => Equals(n.Address, CalicoWorkload.Gateway) && n.Mac == MacAddress.CalicoHostSide);
    }

    /// <summary>An ICMP echo from a socket created on a thread inside <paramref name="ns"/> (root: raw socket).</summary>
    private static IPStatus PingFrom(NetworkNamespace ns, IPAddress target) => ns.Run(() =>
    {
        using var ping = new Ping();
        var status = IPStatus.Unknown;
        for (var attempt = 0; attempt < 3 && status != IPStatus.Success; attempt++)
        {
            status = ping.Send(target, 2000).Status;
        }

        return status;
    });
}
