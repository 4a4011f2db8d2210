using System.Diagnostics;
using System.Text;
using Calico.Lab.Testing;

namespace Calico.Lab.Tests.MultiNode;

/// <summary>Pods spread over a lab's nodes, each with a TCP listener on 8080, and all-pairs reachability between nodes (ping and TCP).</summary>
internal sealed class PodMesh : IAsyncDisposable
{
    public const int Port = 8080;

    /// <summary>
    /// A NetworkPolicy in namespace app letting only TCP <see cref="Port"/> from <paramref name="sourceAddress"/> into
    /// the pods labelled role=server: everything else into them (ping included) is denied.
    /// </summary>
    public static string TcpOnlyFromPolicy(string sourceAddress) => $"""
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata:
          name: p2-tcp-from-p1
          namespace: app
        spec:
          selector: role == 'server'
          types: [Ingress]
          ingress:
            - action: Allow
              protocol: TCP
              source:
                nets: [{sourceAddress}/32]
              destination:
                ports: [{Port}]
        """;

    private readonly LabHarness _lab;
    private readonly List<PodListener> _listeners = [];
    private readonly List<MeshPod> _pods = [];

    public PodMesh(LabHarness lab) => _lab = lab;

    public IReadOnlyList<MeshPod> Pods => _pods;

    public async Task<MeshPod> AddAsync(string name, string node, string labels = "app=mesh")
    {
        var output = await _lab.LabOkAsync("pod", "add", name, "--node", node, "--labels", labels);
        var (ns, pod) = (name.Split('/')[0], name.Split('/')[1]);
        var address = _lab.Pod(ns, pod).Addresses.Single().Split('/')[0];
        Assert.Contains(address, output, StringComparison.Ordinal);
        var meshPod = new MeshPod(name, node, address);
        _pods.Add(meshPod);
        _listeners.Add(await PodListener.StartAsync(_lab, name, Port));
        return meshPod;
    }

    /// <summary>The /26 block (the pool's default block size) holding <paramref name="address"/>.</summary>
    public static string BlockOf(string address)
    {
        var octets = address.Split('.').Select(int.Parse).ToArray();
        return $"{octets[0]}.{octets[1]}.{octets[2]}.{octets[3] & 0xC0}/26";
    }

    public void Forget(string node) => _pods.RemoveAll(p => p.Node == node);

    /// <summary>Pairs of pods on different nodes that cannot ping or connect over TCP, as text (empty when every pair can).</summary>
    public async Task<IReadOnlyList<string>> FailingPairsAsync(IEnumerable<(MeshPod From, MeshPod To)> pairs)
    {
        var checks = pairs.Select(async pair =>
        {
            var (pingExit, pingOutput) = await _lab.ExecAsync(pair.From.Name, "ping", "-c", "1", "-W", "1", pair.To.Address);
            var (tcpExit, tcpOutput) = await _lab.ExecAsync(pair.From.Name, "nc", "-z", "-w", "2", pair.To.Address, Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return pingExit == 0 && tcpExit == 0
                ? null
                : $"{pair.From} -> {pair.To}: ping {(pingExit == 0 ? "ok" : "failed")}, tcp {(tcpExit == 0 ? "ok" : "failed")} {tcpOutput.Trim()}";
        }).ToList();
        return [.. (await Task.WhenAll(checks)).OfType<string>()];
    }

    /// <summary>Every ordered pair of pods on different nodes.</summary>
    public IEnumerable<(MeshPod From, MeshPod To)> CrossNodePairs() =>
        from a in _pods from b in _pods where a.Node != b.Node select (a, b);

    /// <summary>Probes until every pair succeeds; returns how long that took, or fails listing the pairs that never did.</summary>
    public async Task<TimeSpan> WaitUntilAllReachAsync(IEnumerable<(MeshPod From, MeshPod To)> pairs, TimeSpan deadline, string what)
    {
        var list = pairs.ToList();
        var clock = Stopwatch.StartNew();
        IReadOnlyList<string> failing;
        do
        {
            failing = await FailingPairsAsync(list);
            if (failing.Count == 0)
            {
                return clock.Elapsed;
            }

            await Task.Delay(200);
        }
        while (clock.Elapsed < deadline);

        var report = new StringBuilder($"{what}: {failing.Count} of {list.Count} pod pairs still cannot reach each other after {deadline.TotalSeconds} s:\n");
        foreach (var line in failing)
        {
            report.Append("  ").Append(line).Append('\n');
        }

        throw new Xunit.Sdk.XunitException(report.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync();
        }
    }
}

internal sealed record MeshPod(string Name, string Node, string Address)
{
    public override string ToString() => $"{Name}@{Node} ({Address})";
}
