using Calico.Api;
using Calico.Api.Resources;
using Calico.Bgp.Model;
using Calico.Bgp.Rendering;

namespace Calico.Bgp.Tests.Rendering;

public sealed class BirdConfigRendererTests
{
    private static Node Node(string name, string? v4, string? v6 = null) =>
        new() { Metadata = new() { Name = name }, Spec = new NodeSpec { Bgp = new NodeBgpSpec { Ipv4Address = v4, Ipv6Address = v6 } } };

    private static BirdRenderResult Render(string nodeName, params Resource[] resources) =>
        new BirdConfigRenderer().Render(BgpSnapshot.FromResources(nodeName, resources));

    [Fact]
    public void Render_NodeWithoutIPv4_RendersNoBgpAndSaysWhy()
    {
        var result = Render("node1", Node("node1", null), Node("node2", "10.0.0.2/24"));

        Assert.False(result.IPv4Enabled);
        Assert.DoesNotContain("protocol bgp", result.Config, StringComparison.Ordinal);
        Assert.DoesNotContain("router id", result.Config, StringComparison.Ordinal);
        Assert.Contains("# IPv4 disabled on this node.", result.Config, StringComparison.Ordinal);
        Assert.Contains(result.Notes, n => n.Contains("no IPv4 BGP address (spec.bgp.ipv4Address)", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_NodeMissing_RendersNoBgpAndSaysWhy()
    {
        var result = Render("ghost", Node("node2", "10.0.0.2/24"));

        Assert.False(result.IPv4Enabled);
        Assert.DoesNotContain("protocol bgp", result.Config, StringComparison.Ordinal);
        Assert.Contains(result.Notes, n => n.Contains("ghost has no Node resource", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_IPv6OnlyNode_HashesTheRouterId()
    {
        var result = Render("node1", Node("node1", null, "fd00::1/64"), Node("node2", null, "fd00::2/64"));

        Assert.True(result.IPv6Enabled);
        Assert.Contains("protocol bgp Mesh_fd00__2 from bgp_template6", result.Config, StringComparison.Ordinal);
        Assert.Matches(@"router id \d+\.\d+\.\d+\.\d+;  # hashed", result.Config);
    }

    [Theory]
    [InlineData("not-an-ip", "is not an address")]
    [InlineData("10.0.0.300", "is not an address")]
    public void Render_BadPeerIp_SkipsThePeerWithANote(string peerIp, string expected)
    {
        var peer = new BGPPeer { Metadata = new() { Name = "bad" }, Spec = new BGPPeerSpec { PeerIp = peerIp, AsNumber = 65000 } };

        var result = Render("node1", Node("node1", "10.0.0.1/24"), peer);

        Assert.DoesNotContain("Global_", result.Config, StringComparison.Ordinal);
        Assert.Contains(result.Notes, n => n.StartsWith("BGPPeer bad:", StringComparison.Ordinal) && n.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_PeerWithoutAs_SkipsThePeerWithANote()
    {
        var peer = new BGPPeer { Metadata = new() { Name = "no-as" }, Spec = new BGPPeerSpec { PeerIp = "10.0.0.9" } };

        var result = Render("node1", Node("node1", "10.0.0.1/24"), peer);

        Assert.DoesNotContain("Global_10_0_0_9", result.Config, StringComparison.Ordinal);
        Assert.Contains(result.Notes, n => n.Contains("spec.asNumber is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_BadSelector_SkipsThePeerWithANote()
    {
        var peer = new BGPPeer { Metadata = new() { Name = "sel" }, Spec = new BGPPeerSpec { NodeSelector = "rack = 'a'", PeerIp = "10.0.0.9", AsNumber = 1 } };

        var result = Render("node1", Node("node1", "10.0.0.1/24"), peer);

        Assert.DoesNotContain("_10_0_0_9", result.Config, StringComparison.Ordinal);
        Assert.Contains(result.Notes, n => n.Contains("spec.nodeSelector is not a valid selector", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_PeerIsThisNode_IsSkipped()
    {
        var peer = new BGPPeer { Metadata = new() { Name = "self" }, Spec = new BGPPeerSpec { PeerIp = "10.0.0.1", AsNumber = 64512 } };

        var result = Render("node1", Node("node1", "10.0.0.1/24"), peer);

        Assert.DoesNotContain("Global_10_0_0_1", result.Config, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SameSnapshotTwice_GivesTheSameText()
    {
        var snapshot = new Scenario("route-reflector-rr").LoadSnapshot();

        Assert.Equal(new BirdConfigRenderer().Render(snapshot).Config, new BirdConfigRenderer().Render(snapshot).Config);
    }

    [Fact]
    public void FromResources_BlocksOfOtherNodesAndDeletedBlocks_AreNotAffine()
    {
        IPAMBlock Block(string cidr, string affinity, bool deleted = false) =>
            new() { Metadata = new() { Name = cidr.Replace('/', '-') }, Spec = new IPAMBlockSpec { Cidr = cidr, Affinity = affinity, Deleted = deleted } };

        var snapshot = BgpSnapshot.FromResources("node1", [Block("10.1.0.0/26", "host:node1"), Block("10.1.0.64/26", "host:node2"), Block("10.1.0.128/26", "host:node1", deleted: true)]);

        Assert.Equal(["10.1.0.0/26"], snapshot.AffineBlocks.Select(b => b.ToString()));
    }
}
