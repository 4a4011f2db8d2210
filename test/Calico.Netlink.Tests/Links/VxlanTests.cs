using System.Net;
using System.Net.Sockets;
using Calico.Core;
using Calico.Netlink.Tests.Infrastructure;

namespace Calico.Netlink.Tests.Links;

/// <summary>Calico's VXLAN overlay objects: vxlan.calico, one FDB entry and one permanent ARP entry per remote node, and an onlink route.</summary>
[Collection(KernelCollection.Name)]
public sealed class VxlanTests
{
    private static readonly MacAddress LocalVtep = MacAddress.Parse("66:5a:8f:00:00:01");
    private static readonly MacAddress RemoteVtep = MacAddress.Parse("66:5a:8f:00:00:02");

    [RootFact]
    public void CreateVxlan_WithFdbNeighbourAndRoute_ReadBackThroughNetlinkIpAndBridge()
    {
        using var node = TestNamespace.Create("nl", "vxlan");
        var underlay = TestLinks.Create(node.Netlink, "eth0");
        node.Netlink.Addresses.Add(new InterfaceAddress(underlay.Index, IPAddress.Parse("198.18.0.1"), 24));

        var vxlan = node.Netlink.Links.CreateVxlan(new VxlanSpec("vxlan.calico", 4096)
        {
            Local = IPAddress.Parse("198.18.0.1"),
            Parent = underlay.Index,
            Mac = LocalVtep,
            Mtu = 1450,
            Up = true,
        });
        node.Netlink.Addresses.Add(new InterfaceAddress(vxlan.Index, IPAddress.Parse("10.65.0.0"), 32));
        node.Netlink.Neighbours.ReplaceFdb(new FdbEntry(vxlan.Index, RemoteVtep) { Destination = IPAddress.Parse("198.18.0.2") });
        node.Netlink.Neighbours.Replace(new Neighbour(vxlan.Index, IPAddress.Parse("10.65.1.0"), RemoteVtep));
        node.Netlink.Routes.Add(new Route(Cidr.Parse("10.65.1.0/26"))
        {
            Gateway = IPAddress.Parse("10.65.1.0"),
            Link = vxlan.Index,
            Flags = RouteFlags.OnLink,
        });

        Assert.Equal(LinkKind.Vxlan, vxlan.Kind);
        Assert.Equal(LocalVtep, vxlan.Mac);
        Assert.Equal(1450, vxlan.Mtu);
        var info = Assert.IsType<VxlanInfo>(vxlan.Vxlan);
        Assert.Equal(4096, info.Vni);
        Assert.Equal(4789, info.Port);
        Assert.False(info.Learning);
        Assert.Equal(IPAddress.Parse("198.18.0.1"), info.Local);
        Assert.Equal(underlay.Index, info.Parent);

        var fdb = Assert.Single(node.Netlink.Neighbours.ListFdb(vxlan.Index), e => e.Mac == RemoteVtep);
        Assert.Equal(IPAddress.Parse("198.18.0.2"), fdb.Destination);
        Assert.True((fdb.Flags & NeighbourFlags.Self) != 0);
        Assert.Equal(NeighbourState.Permanent, fdb.State);
        var arp = Assert.Single(node.Netlink.Neighbours.List(AddressFamily.InterNetwork, vxlan.Index));
        Assert.Equal(RemoteVtep, arp.Mac);
        Assert.Equal(NeighbourState.Permanent, arp.State);
        var route = Assert.Single(node.Netlink.Routes.List(new RouteFilter { Link = vxlan.Index }), r => r.Destination == Cidr.Parse("10.65.1.0/26"));
        Assert.True((route.Flags & RouteFlags.OnLink) != 0);

        var json = Assert.Single(node.IpJson("-d", "link", "show", "vxlan.calico").EnumerateArray());
        var data = json.GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal("vxlan", json.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.Equal(4096, data.GetProperty("id").GetInt32());
        Assert.Equal(4789, data.GetProperty("port").GetInt32());
        Assert.False(data.GetProperty("learning").GetBoolean());
        Assert.Equal("198.18.0.1", data.GetProperty("local").GetString());
        Assert.Equal("eth0", data.GetProperty("link").GetString());
        var bridgeFdb = ProcessRunner.Run("bridge", "-n", node.Name, "fdb", "show", "dev", "vxlan.calico");
        Assert.Contains($"{RemoteVtep} dst 198.18.0.2 self permanent", bridgeFdb, StringComparison.Ordinal);
        var neigh = Assert.Single(node.IpJson("neigh", "show", "dev", "vxlan.calico").EnumerateArray());
        Assert.Equal("10.65.1.0", neigh.GetProperty("dst").GetString());

        node.Netlink.Neighbours.DeleteFdb(fdb);

        Assert.DoesNotContain(node.Netlink.Neighbours.ListFdb(vxlan.Index), e => e.Mac == RemoteVtep);
    }
}
