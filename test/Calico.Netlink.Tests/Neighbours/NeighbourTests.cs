using System.Net;
using System.Net.Sockets;
using Calico.Netlink.Tests.Infrastructure;

namespace Calico.Netlink.Tests.Neighbours;

[Collection(KernelCollection.Name)]
public sealed class NeighbourTests
{
    [RootFact]
    public void AddReplaceDelete_PermanentArpAndNdpEntries()
    {
        using var ns = TestNamespace.Create("nl", "neigh");
        var dev = TestLinks.Create(ns.Netlink, "eth0");
        var v4 = new Neighbour(dev.Index, IPAddress.Parse("10.0.0.9"), MacAddress.Parse("02:00:00:00:00:09"));
        var v6 = new Neighbour(dev.Index, IPAddress.Parse("fd00::9"), MacAddress.Parse("02:00:00:00:00:19"));

        ns.Netlink.Neighbours.Add(v4);
        ns.Netlink.Neighbours.Add(v6);
        var duplicate = Assert.Throws<NetlinkException>(() => ns.Netlink.Neighbours.Add(v4));
        ns.Netlink.Neighbours.Replace(v4 with { Mac = MacAddress.Parse("02:00:00:00:00:0a") });

        var arp = Assert.Single(ns.Netlink.Neighbours.List(AddressFamily.InterNetwork, dev.Index));
        Assert.Equal(MacAddress.Parse("02:00:00:00:00:0a"), arp.Mac);
        Assert.Equal(NeighbourState.Permanent, arp.State);
        var ndp = Assert.Single(ns.Netlink.Neighbours.List(AddressFamily.InterNetworkV6, dev.Index), n => n.Address.Equals(IPAddress.Parse("fd00::9")));
        Assert.Equal(MacAddress.Parse("02:00:00:00:00:19"), ndp.Mac);
        Assert.Equal(Errno.EEXIST, duplicate.Error);
        var json = Assert.Single(ns.IpJson("-4", "neigh", "show", "dev", "eth0").EnumerateArray());
        Assert.Equal("10.0.0.9", json.GetProperty("dst").GetString());
        Assert.Equal("02:00:00:00:00:0a", json.GetProperty("lladdr").GetString());
        Assert.Contains("PERMANENT", json.GetProperty("state").EnumerateArray().Select(s => s.GetString()));

        ns.Netlink.Neighbours.Delete(v4);

        Assert.Empty(ns.Netlink.Neighbours.List(AddressFamily.InterNetwork, dev.Index));
    }
}
