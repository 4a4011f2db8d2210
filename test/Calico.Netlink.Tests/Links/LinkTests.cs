using Calico.Netlink.Tests.Infrastructure;

namespace Calico.Netlink.Tests.Links;

[Collection(KernelCollection.Name)]
public sealed class LinkTests
{
    [RootFact]
    public void List_FreshNamespace_HasOnlyLoopback()
    {
        using var ns = TestNamespace.Create("nl", "list");

        var link = Assert.Single(ns.Netlink.Links.List());

        Assert.Equal("lo", link.Name.Value);
        Assert.Equal(1, link.Index.Value);
        Assert.True((link.Flags & LinkFlags.Loopback) != 0);
        Assert.Equal(LinkKind.None, link.Kind);
    }

    [RootFact]
    public void GetByNameAndIndex_ReturnSameLink_FindMissingReturnsNull()
    {
        using var ns = TestNamespace.Create("nl", "get");
        var bridge = ns.Netlink.Links.CreateBridge("br0");

        Assert.Equal(bridge, ns.Netlink.Links.Get(bridge.Index));
        Assert.Equal(bridge, ns.Netlink.Links.Get("br0"));
        Assert.Equal(LinkKind.Bridge, bridge.Kind);
        Assert.Null(ns.Netlink.Links.Find("nothere"));
        Assert.Null(ns.Netlink.Links.Find(new LinkIndex(9999)));
        var error = Assert.Throws<NetlinkException>(() => ns.Netlink.Links.Get("nothere"));
        Assert.Equal(Errno.ENODEV, error.Error);
        Assert.Equal($"get link nothere in netns /var/run/netns/{ns.Name}: No such device (ENODEV)", error.Message);
    }

    [RootFact]
    public void SetUpDownMacMtu_ReadBackThroughNetlinkAndIp()
    {
        using var ns = TestNamespace.Create("nl", "set");
        var link = TestLinks.Create(ns.Netlink, "veth0", up: false);
        var mac = MacAddress.Parse("02:00:00:00:00:42");

        ns.Netlink.Links.SetMac(link.Index, mac);
        ns.Netlink.Links.SetMtu(link.Index, 1300);
        ns.Netlink.Links.SetUp(link.Index);

        var updated = ns.Netlink.Links.Get(link.Index);
        Assert.Equal(mac, updated.Mac);
        Assert.Equal(1300, updated.Mtu);
        Assert.True(updated.IsUp);
        var json = Assert.Single(ns.IpJson("link", "show", "veth0").EnumerateArray());
        Assert.Equal("02:00:00:00:00:42", json.GetProperty("address").GetString());
        Assert.Equal(1300, json.GetProperty("mtu").GetInt32());
        Assert.Contains("UP", json.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));

        ns.Netlink.Links.SetDown(link.Index);

        Assert.False(ns.Netlink.Links.Get(link.Index).IsUp);
    }

    [RootFact]
    public void Rename_DownLink_NewNameVisible()
    {
        using var ns = TestNamespace.Create("nl", "rename");
        var link = TestLinks.Create(ns.Netlink, "before", up: false);

        ns.Netlink.Links.Rename(link.Index, "after");

        Assert.Equal("after", ns.Netlink.Links.Get(link.Index).Name.Value);
        Assert.Single(ns.IpJson("link", "show", "after").EnumerateArray());
    }

    [RootFact]
    public void MoveTo_OtherNamespaceWithNewName_LinkLeavesAndArrives()
    {
        using var from = TestNamespace.Create("nl", "from");
        using var to = TestNamespace.Create("nl", "to");
        var link = TestLinks.Create(from.Netlink, "tomove", up: false);

        from.Netlink.Links.MoveTo(link.Index, to.Handle, "moved0");

        Assert.Null(from.Netlink.Links.Find("tomove"));
        var moved = to.Netlink.Links.Get("moved0");
        Assert.Equal(LinkKind.Veth, moved.Kind);
        Assert.Single(to.IpJson("link", "show", "moved0").EnumerateArray());
    }

    [RootFact]
    public void SetMaster_Bridge_ReportedAsMaster()
    {
        using var ns = TestNamespace.Create("nl", "bridge");
        var bridge = ns.Netlink.Links.CreateBridge("br0", up: true);
        var port = TestLinks.Create(ns.Netlink, "port0", up: false);

        ns.Netlink.Links.SetMaster(port.Index, bridge.Index);

        Assert.Equal(bridge.Index, ns.Netlink.Links.Get(port.Index).Master);
        Assert.Equal("br0", Assert.Single(ns.IpJson("link", "show", "port0").EnumerateArray()).GetProperty("master").GetString());

        ns.Netlink.Links.SetMaster(port.Index, null);

        Assert.Null(ns.Netlink.Links.Get(port.Index).Master);
    }

    [RootFact]
    public void Delete_MissingLink_ThrowsEnodev()
    {
        using var ns = TestNamespace.Create("nl", "delmissing");

        var error = Assert.Throws<NetlinkException>(() => ns.Netlink.Links.Delete(new LinkIndex(4242)));

        Assert.Equal(Errno.ENODEV, error.Error);
        Assert.True(error.IsNotFound);
        Assert.StartsWith("delete dev #4242 (no such link in netns", error.Message, StringComparison.Ordinal);
    }
}
