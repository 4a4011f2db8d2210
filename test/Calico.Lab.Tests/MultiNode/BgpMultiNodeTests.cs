using System.Diagnostics;
using Calico.Lab.Testing;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Lab.Tests.MultiNode;

/// <summary>
/// Issue 5 acceptance in BGP mode, on a real lab: calico-node on every node renders its BIRD 2 configuration and runs
/// BIRD; the node-to-node mesh comes up (calicoctl node status shows both peers Established within 15 s), BIRD programs
/// the other nodes' blocks, and pods on different nodes reach each other with no overlay.
/// </summary>
public sealed class BgpMultiNodeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan EstablishedDeadline = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ChurnDeadline = TimeSpan.FromSeconds(10);

    [PrivilegedFact]
    public async Task ThreeNodes_MeshEstablishedWithin15s_PodsReachEachOtherOverBgpRoutes_NodeAddedJoinsAndDeletedLeavesWithin10s()
    {
        await using var lab = new LabHarness();
        await lab.LabOkAsync("up", "--nodes", "3", "--mode", "bgp");
        var clock = Stopwatch.StartNew();
        for (var i = 1; i <= 3; i++)
        {
            var status = await WaitForEstablishedAsync(lab, $"node{i}", 2, EstablishedDeadline - clock.Elapsed);
            output.WriteLine($"node{i} (after {clock.Elapsed.TotalSeconds:F1} s):\n{status}");
            foreach (var peer in new[] { 1, 2, 3 }.Where(p => p != i))
            {
                Assert.Matches($@"\| 198\.18\.0\.{10 + peer} +\| node-to-node mesh \| up +\| [^|]+\| Established +\|", status);
            }
        }

        await using var mesh = new PodMesh(lab);
        for (var i = 1; i <= 3; i++)
        {
            await mesh.AddAsync($"app/p{i}", $"node{i}");
        }

        var took = await mesh.WaitUntilAllReachAsync(mesh.CrossNodePairs(), TimeSpan.FromSeconds(30), "bgp mode");
        output.WriteLine($"all cross-node pairs reachable {took.TotalSeconds:F1} s after the pods were added");

        // The routes are BIRD's, straight over the underlay; there is no overlay device.
        var routes = ProcessRunner.Run("ip", "-n", lab.NodeNamespace(1), "route", "show", "proto", "bird");
        Assert.Contains($"{PodMesh.BlockOf(mesh.Pods[1].Address)} via 198.18.0.12 dev eth0", routes, StringComparison.Ordinal);
        Assert.Contains($"{PodMesh.BlockOf(mesh.Pods[2].Address)} via 198.18.0.13 dev eth0", routes, StringComparison.Ordinal);
        Assert.DoesNotContain("vxlan.calico", ProcessRunner.Run("ip", "-n", lab.NodeNamespace(1), "-o", "link", "show"), StringComparison.Ordinal);

        clock.Restart();
        await lab.LabOkAsync("node", "add");
        var added = await mesh.AddAsync("app/p4", "node4");
        var pairs = mesh.Pods.Where(p => p.Node != "node4").SelectMany(p => new[] { (p, added), (added, p) }).ToList();
        await mesh.WaitUntilAllReachAsync(pairs, ChurnDeadline - clock.Elapsed, "after node add");
        output.WriteLine($"node4 joined the mesh and its pod was reachable both ways in {clock.Elapsed.TotalSeconds:F1} s");
        await WaitForEstablishedAsync(lab, "node1", 3, TimeSpan.FromSeconds(5));

        // A node deleted: the others drop it from their mesh (the re-rendered configuration no longer has its peer),
        // so BIRD withdraws its block at once rather than after the hold time.
        var block = PodMesh.BlockOf(added.Address);
        clock.Restart();
        await lab.LabOkAsync("node", "del", "node4");
        foreach (var index in new[] { 1, 2, 3 })
        {
            string left;
            do
            {
                left = ProcessRunner.Run("ip", "-n", lab.NodeNamespace(index), "route", "show", block);
                if (left.Trim().Length == 0)
                {
                    break;
                }

                await Task.Delay(100);
            }
            while (clock.Elapsed < ChurnDeadline);

            Assert.True(left.Trim().Length == 0, $"node{index} still routes deleted node4's block {ChurnDeadline.TotalSeconds} s after node del: {left}");
        }

        output.WriteLine($"node4's block withdrawn from every other node in {clock.Elapsed.TotalSeconds:F1} s");
    }

    [PrivilegedFact]
    public async Task NodeStatus_BirdNotRunning_SaysSo()
    {
        await using var lab = new LabHarness();
        await lab.LabOkAsync("up", "--nodes", "1", "--mode", "vxlan");

        var (exit, stdout, _) = await lab.CtlAsync(new Dictionary<string, string?> { ["CALICO_BIRD_SOCKET"] = lab.BirdSocket("node1") }, "node", "status");

        Assert.Equal(0, exit);
        Assert.Contains("Calico process is running.", stdout, StringComparison.Ordinal);
        Assert.Contains("The BGP backend process (BIRD) is not running.", stdout, StringComparison.Ordinal);
    }

    /// <summary>Polls calicoctl node status for the node until <paramref name="peers"/> peers are Established; returns the last output.</summary>
    private static async Task<string> WaitForEstablishedAsync(LabHarness lab, string node, int peers, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        var last = string.Empty;
        do
        {
            var (_, stdout, stderr) = await lab.CtlAsync(new Dictionary<string, string?> { ["CALICO_BIRD_SOCKET"] = lab.BirdSocket(node) }, "node", "status");
            last = stdout + stderr;
            if (last.Split('\n').Count(l => l.Contains("Established", StringComparison.Ordinal)) >= peers)
            {
                return last;
            }

            await Task.Delay(250);
        }
        while (clock.Elapsed < deadline);

        throw new Xunit.Sdk.XunitException($"{node}: fewer than {peers} BGP peers Established after {deadline.TotalSeconds:F1} s; calicoctl node status said:\n{last}");
    }

}
