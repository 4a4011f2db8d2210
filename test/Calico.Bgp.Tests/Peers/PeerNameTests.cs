using System.Net;
using Calico.Bgp.Peers;

namespace Calico.Bgp.Tests.Peers;

public sealed class PeerNameTests
{
    [Theory]
    [InlineData("Mesh_10_0_0_2", PeerKind.Mesh, "10.0.0.2", null, "node-to-node mesh")]
    [InlineData("Node_10_0_0_9", PeerKind.Node, "10.0.0.9", null, "node specific")]
    [InlineData("Global_10_0_0_9_port_1790", PeerKind.Global, "10.0.0.9", 1790, "global")]
    [InlineData("Mesh_fd80_24e2_f998_72d7__2", PeerKind.Mesh, "fd80:24e2:f998:72d7::2", null, "node-to-node mesh")]
    public void TryParse_CalicoName_RoundTrips(string name, PeerKind kind, string address, int? port, string display)
    {
        Assert.True(PeerName.TryParse(name, out var peer));

        Assert.Equal(new PeerName(kind, IPAddress.Parse(address), port), peer);
        Assert.Equal(display, peer.Value.DisplayType);
        Assert.Equal(name, peer.Value.ToString());
    }

    [Theory]
    [InlineData("kernel1")]
    [InlineData("static1")]
    [InlineData("Mesh_")]
    [InlineData("Other_10_0_0_1")]
    [InlineData("Mesh_10_0_0")]
    public void TryParse_NotACalicoPeer_IsFalse(string name) => Assert.False(PeerName.TryParse(name, out _));
}
