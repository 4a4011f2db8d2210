using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Calico.Lab.Testing;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Lab.Tests.MultiNode;

/// <summary>
/// Issue 5 acceptance in VXLAN mode, on a real lab: calico-node on every node registers its node (address, tunnel
/// address, VTEP MAC) and programs vxlan.calico, ARP/FDB entries and block routes; pods on different nodes reach each
/// other; nodes added and deleted are followed within 10 s; full-size TCP segments cross the overlay; natOutgoing.
/// </summary>
public sealed class VxlanMultiNodeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ChurnDeadline = TimeSpan.FromSeconds(10);

    [PrivilegedFact]
    public async Task ThreeNodes_EveryPodReachesEveryPodOnOtherNodes_FullSizeSegmentsCross()
    {
        await using var lab = new LabHarness();
        await lab.LabOkAsync("up", "--nodes", "3", "--mode", "vxlan");
        await using var mesh = new PodMesh(lab);
        for (var i = 1; i <= 3; i++)
        {
            await mesh.AddAsync($"app/p{i}", $"node{i}");
        }

        var took = await mesh.WaitUntilAllReachAsync(mesh.CrossNodePairs(), StartDeadline, "after up");
        output.WriteLine($"all 6 cross-node pairs reachable {took.TotalSeconds:F1} s after the pods were added");

        // What node1 programmed for the other two: the device, and a permanent neighbour, an FDB entry and a block route each.
        var nodes = await NodesAsync(lab);
        var device = JsonNode.Parse(ProcessRunner.Run("ip", "-n", lab.NodeNamespace(1), "-j", "-d", "link", "show", "vxlan.calico"))![0]!;
        Assert.Equal(4096, (int)device["linkinfo"]!["info_data"]!["id"]!);
        Assert.Equal(1450, (int)device["mtu"]!);
        Assert.Equal(nodes["node1"].Mac, (string?)device["address"]);
        var neighbours = ProcessRunner.Run("ip", "-n", lab.NodeNamespace(1), "neigh", "show", "dev", "vxlan.calico");
        var fdb = ProcessRunner.Run("bridge", "-n", lab.NodeNamespace(1), "fdb", "show", "dev", "vxlan.calico");
        var routes = ProcessRunner.Run("ip", "-n", lab.NodeNamespace(1), "route", "show", "proto", "80");
        foreach (var remote in new[] { "node2", "node3" })
        {
            Assert.Contains($"{nodes[remote].Tunnel} lladdr {nodes[remote].Mac} PERMANENT", neighbours, StringComparison.Ordinal);
            Assert.Contains($"{nodes[remote].Mac} dst {nodes[remote].Address}", fdb, StringComparison.Ordinal);
            Assert.Contains($"via {nodes[remote].Tunnel} dev vxlan.calico onlink", routes, StringComparison.Ordinal);
        }

        // Pod MTU 1450 = the overlay's: a 1450-byte packet with DF set crosses; a bigger one is refused at the pod.
        var (bigPing, bigPingOutput) = await lab.ExecAsync("app/p1", "ping", "-M", "do", "-s", "1422", "-c", "1", "-W", "2", mesh.Pods[1].Address);
        Assert.True(bigPing == 0, $"a full-size (1450 byte) DF ping from p1 to p2 across the overlay failed: {bigPingOutput}");
        var (tooBig, _) = await lab.ExecAsync("app/p1", "ping", "-M", "do", "-s", "1423", "-c", "1", "-W", "1", mesh.Pods[1].Address);
        Assert.NotEqual(0, tooBig);

        // A 2 MB TCP transfer in full-size segments arrives whole.
        await AssertTcpTransferAsync(lab, "app/p1", "app/p3", mesh.Pods[2].Address);
    }

    [PrivilegedFact]
    public async Task NodeAdded_ReachableWithin10s_NodeDeleted_ItsRoutesFdbAndArpGoneWithin10s()
    {
        await using var lab = new LabHarness();
        await lab.LabOkAsync("up", "--nodes", "3", "--mode", "vxlan");
        await using var mesh = new PodMesh(lab);
        for (var i = 1; i <= 3; i++)
        {
            await mesh.AddAsync($"app/p{i}", $"node{i}");
        }

        await mesh.WaitUntilAllReachAsync(mesh.CrossNodePairs(), StartDeadline, "after up");

        var clock = Stopwatch.StartNew();
        await lab.LabOkAsync("node", "add");
        var added = await mesh.AddAsync("app/p4", "node4");
        var pairs = mesh.Pods.Where(p => p.Node != "node4").SelectMany(p => new[] { (p, added), (added, p) }).ToList();
        await mesh.WaitUntilAllReachAsync(pairs, ChurnDeadline - clock.Elapsed, "after node add");
        output.WriteLine($"node4 added and reachable both ways from every pod in {clock.Elapsed.TotalSeconds:F1} s");

        var gone = (await NodesAsync(lab))["node3"];
        var block = PodMesh.BlockOf(mesh.Pods.Single(p => p.Node == "node3").Address);
        clock.Restart();
        await lab.LabOkAsync("node", "del", "node3");
        mesh.Forget("node3");
        foreach (var index in new[] { 1, 2, 4 })
        {
            var remaining = ChurnDeadline - clock.Elapsed;
            string? leftover;
            do
            {
                leftover = Leftover(lab.NodeNamespace(index), gone, block);
                if (leftover is null)
                {
                    break;
                }

                await Task.Delay(100);
            }
            while (clock.Elapsed < ChurnDeadline);

            Assert.True(leftover is null, $"node{index} still has {leftover} for deleted node3 {ChurnDeadline.TotalSeconds} s after node del (remaining {remaining})");
        }

        output.WriteLine($"node3's routes, FDB and ARP entries gone from nodes 1, 2 and 4 in {clock.Elapsed.TotalSeconds:F1} s");
        await mesh.WaitUntilAllReachAsync(mesh.CrossNodePairs(), ChurnDeadline, "after node del");
    }

    [PrivilegedFact]
    public async Task NatOutgoing_ExternalHostSeesTheNodeAddress_WithoutIt_ThePodAddress()
    {
        await using var lab = new LabHarness();
        await lab.LabOkAsync("up", "--nodes", "2", "--mode", "vxlan");
        await using var mesh = new PodMesh(lab);
        var pod = await mesh.AddAsync("app/out", "node2");
        await using var receiver = ExternalReceiver.Start(lab.ExternalNamespace);

        var source = await receiver.FirstSourceAsync(() => lab.ExecAsync(pod.Name, "sh", "-c", "echo hello | nc -u -w 1 203.0.113.10 7000"), StartDeadline, s => s is not null);
        Assert.Equal("198.18.0.12", source);

        await lab.CtlOkAsync("patch", "ippool", "default-ipv4-ippool", "-p", "{\"spec\":{\"natOutgoing\":false}}");
        source = await receiver.FirstSourceAsync(() => lab.ExecAsync(pod.Name, "sh", "-c", "echo hello | nc -u -w 1 203.0.113.10 7000"), StartDeadline, s => s == pod.Address);
        Assert.Equal(pod.Address, source);
    }

    private static async Task AssertTcpTransferAsync(LabHarness lab, string from, string to, string toAddress)
    {
        var payload = Path.Combine(lab.StateDirectory, "payload.bin");
        var received = Path.Combine(lab.StateDirectory, "received.bin");
        await File.WriteAllBytesAsync(payload, RandomNumberGenerator.GetBytes(2_000_000));
        var toNamespace = lab.Pod(to.Split('/')[0], to.Split('/')[1]).NetworkNamespace;
        using var server = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", toNamespace, "sh", "-c", $"nc -l -p 9000 > {received}"]))!;
        try
        {
            await Task.Delay(300);
            var (exit, outputText) = await lab.ExecAsync(from, "sh", "-c", $"nc -N -w 5 {toAddress} 9000 < {payload}");
            Assert.True(exit == 0, $"sending 2 MB over TCP from {from} to {to} failed: {outputText}");
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await server.WaitForExitAsync(wait.Token);
            Assert.Equal(SHA256.HashData(await File.ReadAllBytesAsync(payload)), SHA256.HashData(await File.ReadAllBytesAsync(received)));
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>What of the deleted node a node still holds (a route to its block, its ARP or FDB entry), or null.</summary>
    private static string? Leftover(string nodeNamespace, NodeInfo gone, string block)
    {
        var routes = ProcessRunner.Run("ip", "-n", nodeNamespace, "route", "show", block);
        if (routes.Trim().Length > 0)
        {
            return $"route {routes.Trim()}";
        }

        var neighbours = ProcessRunner.Run("ip", "-n", nodeNamespace, "neigh", "show", "dev", "vxlan.calico");
        if (neighbours.Contains(gone.Tunnel, StringComparison.Ordinal))
        {
            return $"ARP entry {neighbours.Trim()}";
        }

        var fdb = ProcessRunner.Run("bridge", "-n", nodeNamespace, "fdb", "show", "dev", "vxlan.calico");
        return fdb.Contains(gone.Mac, StringComparison.Ordinal) ? $"FDB entry {fdb.Trim()}" : null;
    }


    private static async Task<Dictionary<string, NodeInfo>> NodesAsync(LabHarness lab)
    {
        var json = JsonNode.Parse(await lab.CtlOkAsync("get", "nodes", "-o", "json"))!;
        var items = json["items"] is JsonArray array ? array : new JsonArray(json.DeepClone());
        var nodes = new Dictionary<string, NodeInfo>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var spec = item!["spec"]!;
            nodes[(string)item["metadata"]!["name"]!] = new NodeInfo(
                ((string?)spec["bgp"]?["ipv4Address"] ?? string.Empty).Split('/')[0],
                (string?)spec["ipv4VXLANTunnelAddr"] ?? throw new Xunit.Sdk.XunitException($"node {item["metadata"]!["name"]} has no VXLAN tunnel address: {item}"),
                (string?)spec["vxlanTunnelMACAddr"] ?? throw new Xunit.Sdk.XunitException($"node {item["metadata"]!["name"]} has no VTEP MAC: {item}"));
        }

        return nodes;
    }

    private sealed record NodeInfo(string Address, string Tunnel, string Mac);
}
