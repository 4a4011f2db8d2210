using System.Diagnostics;
using Calico.Api;
using Calico.Api.Resources;
using Calico.Bgp.Control;
using Calico.Bgp.Model;
using Calico.Bgp.Rendering;
using Calico.Ctl;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Bgp.Tests.Integration;

/// <summary>
/// Three nodes as network namespaces on one bridged underlay (a fourth namespace), each running BIRD 2 with the
/// configuration our renderer makes from Node resources: the node-to-node mesh comes up, each node's block reaches
/// the others' kernels via its owner, and calicoctl node status reads the sessions back. Nothing touches the root
/// namespace: veths are created inside the namespaces.
/// </summary>
public sealed class BirdMeshTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static Node Node(int i) => new()
    {
        ApiVersion = "projectcalico.org/v3",
        Kind = "Node",
        Metadata = new() { Name = $"node{i}" },
        Spec = new NodeSpec { Bgp = new NodeBgpSpec { Ipv4Address = $"10.250.77.{i}/24" } },
    };

    private static IPAMBlock Block(int i) => new()
    {
        Metadata = new() { Name = $"10-77-{i}-0-26" },
        Spec = new IPAMBlockSpec { Cidr = $"10.77.{i}.0/26", Affinity = $"host:node{i}" },
    };

    [PrivilegedFact]
    public async Task Mesh_ThreeNodes_EstablishesAndProgramsEachOthersBlocks()
    {
        const int count = 3;
        var directory = Path.Combine(Path.GetTempPath(), $"calico-test-bgp-{UniqueNames.Lab()}");
        Directory.CreateDirectory(directory);
        var namespaces = new List<TestNamespace>();
        var birds = new List<BirdProcess>();
        try
        {
            var underlay = TestNamespace.Create("bgp", "ul");
            namespaces.Add(underlay);
            underlay.Ip("link", "add", "br0", "type", "bridge");
            underlay.Ip("link", "set", "br0", "up");
            var resources = new List<Resource> { new IPPool { Metadata = new() { Name = "pool" }, Spec = new IPPoolSpec { Cidr = "10.77.0.0/16" } } };
            for (var i = 1; i <= count; i++)
            {
                var node = TestNamespace.Create("bgp", $"n{i}");
                namespaces.Add(node);
                node.Ip("link", "add", "eth0", "type", "veth", "peer", "name", $"port{i}", "netns", underlay.Name);
                underlay.Ip("link", "set", $"port{i}", "master", "br0", "up");
                node.Ip("addr", "add", $"10.250.77.{i}/24", "dev", "eth0");
                node.Ip("link", "set", "eth0", "up");
                node.Ip("link", "set", "lo", "up");
                resources.Add(Node(i));
                resources.Add(Block(i));
            }

            var renderer = new BirdConfigRenderer();
            for (var i = 1; i <= count; i++)
            {
                var result = renderer.Render(BgpSnapshot.FromResources($"node{i}", resources));
                Assert.Empty(result.Notes);
                birds.Add(BirdProcess.Start(namespaces[i], directory, $"node{i}", result.Config));
            }

            var started = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var sessions = await WaitEstablishedAsync(birds[i].SocketPath, expected: count - 1);
                Assert.All(sessions, s => Assert.StartsWith("Mesh_10_250_77_", s.Name, StringComparison.Ordinal));
            }

            var establishedAfter = started.Elapsed;
            output.WriteLine($"all {count} nodes Established {establishedAfter.TotalSeconds:0.0} s after the last BIRD started");

            // Each node's kernel routes every other node's block via that node, programmed by BIRD.
            for (var i = 1; i <= count; i++)
            {
                var routes = namespaces[i].Ip("route", "show", "proto", "bird");
                for (var j = 1; j <= count; j++)
                {
                    var expected = i == j ? $"blackhole 10.77.{j}.0/26" : $"10.77.{j}.0/26 via 10.250.77.{j} dev eth0";
                    Assert.True(routes.Contains(expected, StringComparison.Ordinal), $"node{i} lacks \"{expected}\" (mesh up after {establishedAfter.TotalSeconds:0.0} s):\n{routes}");
                }
            }

            var status = await NodeStatusAsync(birds[0].SocketPath);
            output.WriteLine(status);
            Assert.Contains("Calico process is running.", status, StringComparison.Ordinal);
            foreach (var peer in new[] { "10.250.77.2", "10.250.77.3" })
            {
                Assert.Matches($@"\| {peer.Replace(".", @"\.", StringComparison.Ordinal)} +\| node-to-node mesh \| up +\| [0-9:.]+ +\| Established +\|", status);
            }
        }
        finally
        {
            foreach (var bird in birds)
            {
                bird.Dispose();
            }

            foreach (var ns in namespaces)
            {
                ns.Dispose();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<BirdProtocol>> WaitEstablishedAsync(string socketPath, int expected)
    {
        var deadline = Stopwatch.StartNew();
        IReadOnlyList<BirdProtocol> sessions = [];
        while (deadline.Elapsed < Deadline)
        {
            try
            {
                await using var client = await BirdControlClient.ConnectAsync(socketPath, BirdControlClient.DefaultTimeout, CancellationToken.None);
                sessions = [.. (await client.ShowProtocolsAsync(CancellationToken.None)).Where(p => p.IsBgp)];
                if (sessions.Count == expected && sessions.All(s => s.Info.StartsWith("Established", StringComparison.Ordinal)))
                {
                    return sessions;
                }
            }
            catch (System.Net.Sockets.SocketException)
            {
                // BIRD has not opened its socket yet.
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{socketPath}: not all {expected} sessions Established within {Deadline.TotalSeconds} s: {string.Join("; ", sessions)}");
        return sessions;
    }

    private static async Task<string> NodeStatusAsync(string socketPath)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal) { ["CALICO_BIRD_SOCKET"] = socketPath };
        var exit = await CalicoCtl.RunAsync(["node", "status"], new CtlEnvironment(new StringReader(string.Empty), output, error, variables), CancellationToken.None);
        Assert.True(exit == 0, $"calicoctl node status failed ({exit}): {error}");
        return output.ToString();
    }
}
