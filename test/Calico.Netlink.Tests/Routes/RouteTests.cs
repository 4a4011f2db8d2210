using System.Net;
using System.Net.Sockets;
using Calico.Core;
using Calico.Netlink.Tests.Infrastructure;

namespace Calico.Netlink.Tests.Routes;

[Collection(KernelCollection.Name)]
public sealed class RouteTests
{
    [RootFact]
    public void Add_DeviceRouteScopeLinkWithProtocolAndMetric_ReadBack()
    {
        using var ns = TestNamespace.Create("nl", "route");
        var dev = TestLinks.Create(ns.Netlink, "cali1234");
        var route = new Route(Cidr.Parse("192.168.0.5/32")) { Link = dev.Index, Protocol = (RouteProtocol)80, Metric = 50 };

        ns.Netlink.Routes.Add(route);

        var read = Assert.Single(ns.Netlink.Routes.List(new RouteFilter { Family = AddressFamily.InterNetwork, Link = dev.Index }));
        Assert.Equal(Cidr.Parse("192.168.0.5/32"), read.Destination);
        Assert.Equal(dev.Index, read.Link);
        Assert.Equal(RouteScope.Link, read.Scope);
        Assert.Equal((RouteProtocol)80, read.Protocol);
        Assert.Equal(50u, read.Metric);
        Assert.Equal(RouteTable.Main, read.Table);
        var json = Assert.Single(ns.IpJson("route", "show", "dev", "cali1234").EnumerateArray());
        Assert.Equal("192.168.0.5", json.GetProperty("dst").GetString());
        Assert.Equal("link", json.GetProperty("scope").GetString());
        Assert.Equal(50, json.GetProperty("metric").GetInt32());
    }

    [RootFact]
    public void Add_Duplicate_ThrowsEexistNamingRouteAndDevice()
    {
        using var ns = TestNamespace.Create("nl", "routedup");
        var dev = TestLinks.Create(ns.Netlink, "cali1234");
        var route = new Route(Cidr.Parse("192.168.0.5/32")) { Link = dev.Index };
        ns.Netlink.Routes.Add(route);

        var error = Assert.Throws<NetlinkException>(() => ns.Netlink.Routes.Add(route));

        Assert.Equal("add route 192.168.0.5/32 dev cali1234: File exists (EEXIST)", error.Message);
    }

    [RootFact]
    public void Replace_ChangesGateway_DeleteRemoves()
    {
        using var ns = TestNamespace.Create("nl", "routerep");
        var dev = TestLinks.Create(ns.Netlink, "eth0");
        ns.Netlink.Addresses.Add(new InterfaceAddress(dev.Index, IPAddress.Parse("10.0.0.1"), 24));
        var route = new Route(Cidr.Parse("172.16.0.0/16")) { Gateway = IPAddress.Parse("10.0.0.2"), Link = dev.Index };
        ns.Netlink.Routes.Add(route);

        ns.Netlink.Routes.Replace(route with { Gateway = IPAddress.Parse("10.0.0.3") });

        var read = Assert.Single(ns.Netlink.Routes.List(), r => r.Destination == Cidr.Parse("172.16.0.0/16"));
        Assert.Equal(IPAddress.Parse("10.0.0.3"), read.Gateway);
        Assert.Equal(RouteScope.Universe, read.Scope);
        Assert.Equal(RouteProtocol.Boot, read.Protocol);
        Assert.Equal("10.0.0.3", Assert.Single(ns.IpJson("route", "show", "172.16.0.0/16").EnumerateArray()).GetProperty("gateway").GetString());

        ns.Netlink.Routes.Delete(new Route(Cidr.Parse("172.16.0.0/16")));

        Assert.DoesNotContain(ns.Netlink.Routes.List(), r => r.Destination == Cidr.Parse("172.16.0.0/16"));
        Assert.Empty(ns.IpJson("route", "show", "172.16.0.0/16").EnumerateArray());
        var error = Assert.Throws<NetlinkException>(() => ns.Netlink.Routes.Delete(new Route(Cidr.Parse("172.16.0.0/16"))));
        Assert.Equal(Errno.ESRCH, error.Error);
    }

    [RootFact]
    public void Add_OnLinkGatewayAndOtherTable_ReadBack()
    {
        using var ns = TestNamespace.Create("nl", "onlink");
        var dev = TestLinks.Create(ns.Netlink, "vx0");
        // A node always has local addresses; the kernel checks an onlink gateway against the local table.
        ns.Netlink.Addresses.Add(new InterfaceAddress(dev.Index, IPAddress.Parse("10.65.0.0"), 32));
        var route = new Route(Cidr.Parse("10.65.1.0/26"))
        {
            Gateway = IPAddress.Parse("10.65.1.0"),
            Link = dev.Index,
            Flags = RouteFlags.OnLink,
            Table = new RouteTable(1000),
        };

        ns.Netlink.Routes.Add(route);

        Assert.Empty(ns.Netlink.Routes.List(new RouteFilter { Family = AddressFamily.InterNetwork }));
        var read = Assert.Single(ns.Netlink.Routes.List(new RouteFilter { Table = new RouteTable(1000) }));
        Assert.True((read.Flags & RouteFlags.OnLink) != 0);
        Assert.Equal(IPAddress.Parse("10.65.1.0"), read.Gateway);
        var json = Assert.Single(ns.IpJson("route", "show", "table", "1000").EnumerateArray());
        Assert.Contains("onlink", json.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [RootFact]
    public void Add_BlackholeAndIPv6_ListFiltersByFamilyAndProtocol()
    {
        using var ns = TestNamespace.Create("nl", "routev6");
        var dev = TestLinks.Create(ns.Netlink, "eth0");
        ns.Netlink.Routes.Add(new Route(Cidr.Parse("10.65.0.0/26")) { Type = RouteType.Blackhole, Protocol = RouteProtocol.Bird });
        ns.Netlink.Routes.Add(new Route(Cidr.Parse("fd00:10:65::/122")) { Link = dev.Index, Protocol = RouteProtocol.Bird });

        var bird = ns.Netlink.Routes.List(new RouteFilter { Protocol = RouteProtocol.Bird });
        var v6 = ns.Netlink.Routes.List(new RouteFilter { Family = AddressFamily.InterNetworkV6, Protocol = RouteProtocol.Bird });

        Assert.Equal(2, bird.Count);
        Assert.Equal(RouteType.Blackhole, Assert.Single(bird, r => r.Family == AddressFamily.InterNetwork).Type);
        Assert.Equal(Cidr.Parse("fd00:10:65::/122"), Assert.Single(v6).Destination);
        Assert.Equal(1024u, v6[0].Metric);
        Assert.Equal("blackhole", Assert.Single(ns.IpJson("-4", "route", "show", "proto", "bird").EnumerateArray()).GetProperty("type").GetString());
    }
}
