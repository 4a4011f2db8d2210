using Calico.Netlink.Tests.Infrastructure;

namespace Calico.Netlink.Tests.Links;

[Collection(KernelCollection.Name)]
public sealed class VethTests
{
    private static readonly MacAddress PodMac = MacAddress.Parse("02:42:0a:41:00:05");

    [RootFact]
    public void CreateVeth_PeerInOtherNamespace_NamesMacMtuAndPeerReadBack()
    {
        using var host = TestNamespace.Create("nl", "host");
        using var pod = TestNamespace.Create("nl", "pod");

        var created = host.Netlink.Links.CreateVeth(new VethSpec("cali12345678901", "eth0")
        {
            PeerNamespace = pod.Handle,
            Mac = MacAddress.CalicoHostSide,
            PeerMac = PodMac,
            Mtu = 1450,
        });

        var peer = pod.Netlink.Links.Get("eth0");
        Assert.Equal("cali12345678901", created.Name.Value);
        Assert.Equal(LinkKind.Veth, created.Kind);
        Assert.Equal(MacAddress.CalicoHostSide, created.Mac);
        Assert.Equal(1450, created.Mtu);
        Assert.False(created.IsUp);
        Assert.Equal(peer.Index, created.Parent);
        Assert.NotNull(created.LinkNetnsId);
        Assert.Equal(LinkKind.Veth, peer.Kind);
        Assert.Equal(PodMac, peer.Mac);
        Assert.Equal(1450, peer.Mtu);
        Assert.Equal(created.Index, peer.Parent);
        Assert.Null(host.Netlink.Links.Find("eth0"));

        var hostJson = Assert.Single(host.IpJson("link", "show", "cali12345678901").EnumerateArray());
        Assert.Equal("ee:ee:ee:ee:ee:ee", hostJson.GetProperty("address").GetString());
        Assert.Equal(1450, hostJson.GetProperty("mtu").GetInt32());
        Assert.Equal(created.Index.Value, hostJson.GetProperty("ifindex").GetInt32());
        var podJson = Assert.Single(pod.IpJson("link", "show", "eth0").EnumerateArray());
        Assert.Equal(PodMac.ToString(), podJson.GetProperty("address").GetString());
        Assert.Equal(created.Index.Value, podJson.GetProperty("link_index").GetInt32());
    }

    [RootFact]
    public void CreateVeth_Up_FirstEndUpAndPeerUpThroughItsNamespace()
    {
        using var host = TestNamespace.Create("nl", "host");
        using var pod = TestNamespace.Create("nl", "pod");

        var created = host.Netlink.Links.CreateVeth(new VethSpec("caliup", "eth0") { PeerNamespace = pod.Handle, Up = true });

        Assert.True(created.IsUp);
        Assert.False(pod.Netlink.Links.Get("eth0").IsUp);
        pod.Netlink.Links.SetUp(pod.Netlink.Links.Get("eth0").Index);
        Assert.True(pod.Netlink.Links.Get("eth0").IsUp);
        Assert.Contains("UP", Assert.Single(pod.IpJson("link", "show", "eth0").EnumerateArray()).GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [RootFact]
    public void CreateVeth_DuplicateName_ThrowsEexistNamingTheLink()
    {
        using var host = TestNamespace.Create("nl", "host");
        using var pod = TestNamespace.Create("nl", "pod");
        host.Netlink.Links.CreateVeth(new VethSpec("calidup", "eth0") { PeerNamespace = pod.Handle });

        var error = Assert.Throws<NetlinkException>(() =>
            host.Netlink.Links.CreateVeth(new VethSpec("calidup", "eth1") { PeerNamespace = pod.Handle }));

        Assert.Equal(Errno.EEXIST, error.Error);
        Assert.Equal(17, error.ErrorNumber);
        Assert.True(error.IsAlreadyExists);
        Assert.StartsWith($"create veth calidup in netns /var/run/netns/{host.Name} (peer eth1 in netns /var/run/netns/{pod.Name}): File exists (EEXIST)", error.Message, StringComparison.Ordinal);
        Assert.Null(pod.Netlink.Links.Find("eth1"));
    }

    [RootFact]
    public void Delete_OneEnd_RemovesBothEnds()
    {
        using var host = TestNamespace.Create("nl", "host");
        using var pod = TestNamespace.Create("nl", "pod");
        var created = host.Netlink.Links.CreateVeth(new VethSpec("calidel", "eth0") { PeerNamespace = pod.Handle });

        host.Netlink.Links.Delete(created.Index);

        Assert.Null(host.Netlink.Links.Find("calidel"));
        Assert.Null(pod.Netlink.Links.Find("eth0"));
        Assert.Empty(pod.IpJson("link", "show", "type", "veth").EnumerateArray());
    }
}
