using System.Net;
using System.Text.RegularExpressions;
using Calico.Testing;

namespace Calico.Cni.Tests.Integration;

/// <summary>Many plugin processes at once: 100 on one node, 50 on each of 3 nodes sharing one datastore.</summary>
public sealed partial class PluginConcurrencyTests
{
    [PrivilegedFact]
    public async Task Add_HundredAtOnceOnOneNode_UniqueAffineCleanAndAllReleased()
    {
        await using var node = await PluginNode.CreateAsync();
        await RunAsync([node], podsPerNode: 100);
    }

    [PrivilegedFact]
    public async Task Add_FiftyAtOnceOnEachOfThreeNodes_UniqueAffineCleanAndAllReleased()
    {
        await using var first = await PluginNode.CreateAsync(nodeName: "node1");
        await using var second = await PluginNode.CreateAsync(nodeName: "node2", shareDatastoreWith: first);
        await using var third = await PluginNode.CreateAsync(nodeName: "node3", shareDatastoreWith: first);
        await RunAsync([first, second, third], podsPerNode: 50);
    }

    private static async Task RunAsync(IReadOnlyList<PluginNode> nodes, int podsPerNode)
    {
        var pods = new List<(PluginNode Node, string Id, string Netns)>();
        foreach (var node in nodes)
        {
            for (var i = 0; i < podsPerNode; i++)
            {
                pods.Add((node, $"{node.Node}-c{i}", await node.AddPodNamespaceAsync($"p{i}")));
            }
        }

        // Correctness under contention, not latency: up to 150 processes queue for one SQLite write lock on 2 cores.
        var adds = await Task.WhenAll(pods.Select(p => p.Node.RunAsync("ADD", p.Id, p.Netns, p.Node.Config(timeoutSeconds: 30), pod: p.Id, ifName: "eth0")));

        var failures = adds.Where(a => a.ExitCode != 0).Select(a => a.Stdout + a.Stderr).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} ADDs failed, e.g. {failures.FirstOrDefault()}");
        var addresses = adds.Select(a => IPAddress.Parse(a.FirstAddress)).ToList();
        Assert.Equal(addresses.Count, addresses.Distinct().Count());

        // Every block is affine to the node whose pods hold its addresses (no borrowing was needed).
        var owner = pods.Zip(addresses).ToDictionary(p => p.Second, p => p.First.Node.Node);
        var affinities = await nodes[0].CtlOkAsync(string.Empty, "get", "blockaffinity", "-o", "wide");
        foreach (Match row in AffinityRow().Matches(affinities))
        {
            var (affineNode, block) = (row.Groups[1].Value, Core.Cidr.Parse(row.Groups[2].Value));
            Assert.All(owner.Where(o => block.Contains(o.Key)), o => Assert.Equal(affineNode, o.Value));
        }

        var check = await nodes[0].CtlOkAsync(string.Empty, "ipam", "check");
        Assert.Contains("found 0 problems", check, StringComparison.Ordinal);

        var dels = await Task.WhenAll(pods.Select(p => p.Node.RunAsync("DEL", p.Id, p.Netns, p.Node.Config(timeoutSeconds: 30), pod: p.Id)));
        Assert.All(dels, d => Assert.True(d.ExitCode == 0, d.Stdout + d.Stderr));
        var usage = await nodes[0].CtlOkAsync(string.Empty, "ipam", "show");
        Assert.Contains("| 0 (0%)", usage, StringComparison.Ordinal);
        Assert.Single((await nodes[0].CtlAsync(string.Empty, "get", "wep", "-A")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [GeneratedRegex(@"\S+\s+(node\d)\s+(\d+\.\d+\.\d+\.\d+/\d+)\s+confirmed")]
    private static partial Regex AffinityRow();
}
