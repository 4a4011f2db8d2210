using System.Text.Json.Nodes;
using Calico.Core;
using Calico.Ctl.Commands.Doctor.Checks;

namespace Calico.Ctl.Tests.Doctor;

/// <summary>Pools against node addresses, subnets and non-Calico routes.</summary>
public sealed class PoolOverlapFinderTests
{
    [Fact]
    public void Find_PoolCoversNodeSubnet_NamesPoolAndNode()
    {
        var underlay = PoolOverlapFinder.FromNodeAddress("node1", "198.18.0.11/24").ToList();

        var result = PoolOverlapFinder.Find([("bad", Cidr.Parse("198.18.0.0/16")), ("default", Cidr.Parse("192.168.0.0/16"))], underlay);

        var overlap = Assert.Single(result);
        Assert.Equal("bad", overlap.Pool);
        Assert.Contains("node node1's address 198.18.0.11 and subnet 198.18.0.0/24", Assert.Single(overlap.Overlaps).Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_PoolInsideNodeSubnet_Overlaps()
    {
        var underlay = PoolOverlapFinder.FromNodeAddress("node1", "10.0.0.5/8").ToList();

        Assert.Single(PoolOverlapFinder.Find([("p", Cidr.Parse("10.20.0.0/16"))], underlay));
    }

    [Fact]
    public void FromRoutes_CalicoRoutesAndDefault_AreIgnored_UnderlayRoutesKept()
    {
        var routes = JsonNode.Parse("""
            [
              {"dst":"default","gateway":"198.18.0.1","dev":"eth0"},
              {"dst":"198.18.0.0/24","dev":"eth0","protocol":"kernel","prefsrc":"198.18.0.11"},
              {"dst":"10.8.0.0/16","gateway":"198.18.0.1","dev":"eth0","protocol":"static"},
              {"dst":"192.168.1.0/26","gateway":"198.18.0.12","dev":"eth0","protocol":"bird"},
              {"type":"blackhole","dst":"192.168.0.0/26","protocol":"80"},
              {"dst":"192.168.0.1","dev":"cali1234567890a","scope":"link"},
              {"dst":"192.168.2.0/26","gateway":"192.168.2.0","dev":"vxlan.calico","flags":["onlink"]}
            ]
            """)!.AsArray();

        var underlay = PoolOverlapFinder.FromRoutes("node1", routes).ToList();

        Assert.Equal(["198.18.0.0/24", "10.8.0.0/16"], underlay.Select(u => u.Network.ToString()));
        var overlap = Assert.Single(PoolOverlapFinder.Find([("vpn", Cidr.Parse("10.8.0.0/24")), ("default", Cidr.Parse("192.168.0.0/16"))], underlay));
        Assert.Contains("node node1's route 10.8.0.0/16 via 198.18.0.1 dev eth0 proto static", overlap.Overlaps[0].Description, StringComparison.Ordinal);
    }
}
