using Calico.Lab.Testing;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Lab.Tests.Doctor;

/// <summary>
/// BGP mode: doctor is silent once the mesh is Established; when one node's calico-node (and with it its BIRD) stops,
/// the other node's session to it is not Established and doctor names the node and the peer.
/// </summary>
public sealed class DoctorBgpTests(ITestOutputHelper output)
{
    [PrivilegedFact]
    public async Task Doctor_BgpPeerDown_NamesNodeAndPeer()
    {
        await using var lab = new LabHarness();
        var doctor = new DoctorLab(lab);
        await lab.LabOkAsync("up", "--nodes", "2", "--mode", "bgp");
        var healthy = await doctor.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        Assert.True(healthy.Exit == 0 && healthy.Stdout.Length == 0, $"doctor on the healthy bgp lab exited {healthy.Exit}:\n{healthy.Stdout}{healthy.Stderr}");

        await lab.LabOkAsync("node", "stop", "node2");
        var finding = await doctor.WaitForFindingAsync("BGP peers not Established on node node1", TimeSpan.FromSeconds(30));
        output.WriteLine(finding.Text);
        Assert.Contains(finding.Evidence, e => e.StartsWith("node1: peer 198.18.0.12 (node-to-node mesh)", StringComparison.Ordinal));
        Assert.Contains("BIRD is not running on node node2", finding.Text, StringComparison.Ordinal);
    }
}
