using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Calico.Conformance.Tests.Model;
using Calico.Conformance.Tests.Probing;
using Calico.Lab.State;
using Calico.Lab.Testing;
using Calico.Policy;
using Calico.Policy.Reachability;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Conformance.Tests.Lab;

/// <summary>
/// A lab (one node here; the spread subclasses use three) holding the Kubernetes test model (<see cref="KubeTestModel"/>): namespaces x, y, z with pods a, b, c,
/// echo listeners in every pod and on node1 and the underlay. Writes go through calicoctl (in-process); after each the
/// caller waits until calico-node has programmed it, reads the resources back from the datastore, computes the expected
/// matrix with the policy model and probes the real one. Shared by the tests of a collection; `down` on dispose.
/// </summary>
public class ConformanceLab : IAsyncLifetime
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan RetryTimeout = TimeSpan.FromSeconds(3);

    private readonly List<EchoListeners> _listeners = [];
    private readonly Dictionary<string, ProbeTarget> _pods = new(StringComparer.Ordinal);
    private int _fileCounter;

    public LabHarness Harness { get; } = new();

    public Prober Prober { get; } = new(new SourcePorts());

    /// <summary>node1's programmed revision (the node the fail-closed tests stop and start).</summary>
    public ProgrammedRevision Programmed { get; private set; } = null!;

    /// <summary>Every node's programmed revision.</summary>
    public IReadOnlyList<ProgrammedRevision> AllProgrammed { get; private set; } = [];

    /// <summary>How many nodes the lab has.</summary>
    protected virtual int NodeCount => 1;

    /// <summary>calico-lab up --mode.</summary>
    protected virtual string Mode => "vxlan";

    /// <summary>
    /// The ports echo listeners serve on node1 and that host probes may use: all of <see cref="KubeTestModel.HostListenPorts"/>
    /// except, in bgp mode, TCP 179, which belongs to the node's BIRD (its mesh sessions staying up is the evidence there).
    /// </summary>
    public IReadOnlyList<Probe> NodeListenPorts => Mode == LabModes.Bgp ? [.. KubeTestModel.HostListenPorts.Where(p => p != Probe.Tcp(179))] : KubeTestModel.HostListenPorts;

    /// <summary>The node a model pod runs on (<c>x/a</c> … <c>z/c</c>).</summary>
    protected virtual string NodeForPod(string name) => KubeTestModel.NodeName;

    /// <summary>x/a ... z/c.</summary>
    public IReadOnlyList<ProbeTarget> ModelPods => [.. KubeTestModel.PodNames.Select(n => _pods[n])];

    public ProbeTarget Node { get; private set; } = null!;

    public ProbeTarget Underlay { get; private set; } = null!;

    public TimeSpan SetupTime { get; private set; }

    /// <summary>Every pod's address, by <c>ns/pod</c>, for scenario placeholders.</summary>
    public IReadOnlyDictionary<string, IPAddress> PodAddresses => _pods.ToDictionary(p => p.Key, p => p.Value.Address, StringComparer.Ordinal);

    public ProbeTarget Pod(string name) => _pods[name];

    public async Task InitializeAsync()
    {
        if (!Privileges.IsRoot && !Privileges.IsCi)
        {
            return; // Every test that would use the lab is skipped ([PrivilegedFact]/[PrivilegedTheory]).
        }

        var clock = Stopwatch.StartNew();
        try
        {
            await Harness.LabOkAsync("up", "--nodes", NodeCount.ToString(CultureInfo.InvariantCulture), "--mode", Mode);
            AllProgrammed = [.. Enumerable.Range(1, NodeCount).Select(i => new ProgrammedRevision($"node{i}", Harness.NodeNamespace(i), ProgramTimeout))];
            Programmed = AllProgrammed[0];
            await ApplyAsync(KubeTestModel.ClusterYaml());
            foreach (var name in KubeTestModel.PodNames)
            {
                var pod = name.Split('/')[1];
                await AddPodAsync(name, $"pod={pod}", KubeTestModel.NamedPorts, KubeTestModel.ServiceAccount(pod), KubeTestModel.PodListenPorts);
            }

            Node = new ProbeTarget(KubeTestModel.NodeName, Harness.NodeNamespace(1), KubeTestModel.NodeAddress);
            Underlay = new ProbeTarget(KubeTestModel.UnderlayName, Harness.UnderlayNamespace, KubeTestModel.UnderlayAddress);
            _listeners.Add(EchoListeners.Start(Node, NodeListenPorts));
            _listeners.Add(EchoListeners.Start(Underlay, KubeTestModel.HostListenPorts));
            if (NodeCount > 1)
            {
                await WaitForCrossNodeConnectivityAsync();
            }
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        SetupTime = clock.Elapsed;
    }

    public async Task DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync();
        }

        _listeners.Clear();
        await Harness.DisposeAsync();
    }

    /// <summary>How long to wait for calico-node to program a write ($CALICO_CONFORMANCE_PROGRAM_TIMEOUT seconds, default 15).</summary>
    public static TimeSpan ProgramTimeout =>
        int.TryParse(Environment.GetEnvironmentVariable("CALICO_CONFORMANCE_PROGRAM_TIMEOUT"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(15);

    /// <summary>Starts a pod (calico-lab pod add) with echo listeners on <paramref name="listen"/>.</summary>
    public async Task<ProbeTarget> AddPodAsync(string name, string labels, string namedPorts, string serviceAccount, IReadOnlyList<Probe> listen)
    {
        var args = new List<string> { "pod", "add", name, "--serviceaccount", serviceAccount, "--node", NodeForPod(name) };
        if (labels.Length > 0)
        {
            args.AddRange(["--labels", labels]);
        }

        if (namedPorts.Length > 0)
        {
            args.AddRange(["--ports", namedPorts]);
        }

        await Harness.LabOkAsync([.. args]);
        var (ns, pod) = (name.Split('/')[0], name.Split('/')[1]);
        var state = Harness.Pod(ns, pod);
        var target = new ProbeTarget(name, state.NetworkNamespace, IPAddress.Parse(state.Addresses.Single().Split('/')[0]));
        _pods[name] = target;
        _listeners.Add(EchoListeners.Start(target, listen));
        return target;
    }

    /// <summary>Stops a pod's listeners and deletes it (calico-lab pod del).</summary>
    public async Task DeletePodAsync(string name)
    {
        foreach (var listener in _listeners.Where(l => l.Target.Name == name).ToList())
        {
            await listener.DisposeAsync();
            _listeners.Remove(listener);
        }

        _pods.Remove(name);
        await Harness.LabOkAsync("pod", "del", name);
    }

    /// <summary>
    /// With pods on several nodes, routes between nodes come from the other nodes' calico-node (and BIRD in bgp mode):
    /// waits, before any scenario runs, until the whole matrix with no policy matches the model (everything open).
    /// </summary>
    private async Task WaitForCrossNodeConnectivityAsync()
    {
        await WaitProgrammedAsync(await RevisionAsync(), "before the first scenario");
        var expected = ExpectedMatrices.ForPods(await ModelAsync(), KubeTestModel.PodNames, KubeTestModel.StandardProbes);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var observed = await Prober.ProbeMatrixAsync(ModelPods, KubeTestModel.StandardProbes, ProbeTimeout);
            if (expected.DifferencesFrom(observed.Matrix).Count == 0)
            {
                return;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"the pods on {NodeCount} nodes ({Mode}) still cannot all reach each other after 60 s:\n{ReachabilityMatrix.Diff(expected, observed.Matrix)}");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Waits until every node has programmed <paramref name="revision"/>.</summary>
    public async Task WaitProgrammedAsync(long revision, string what)
    {
        foreach (var node in AllProgrammed)
        {
            await node.WaitAsync(revision, what);
        }
    }

    /// <summary>calicoctl apply -f (YAML written to a file in the lab's directory); returns the datastore revision after it.</summary>
    public async Task<long> ApplyAsync(string yaml)
    {
        await Harness.CtlOkAsync("apply", "-f", WriteFile(yaml));
        return await PolicyResources.RevisionAsync(Harness.DatastorePath);
    }

    /// <summary>calicoctl delete -f --skip-not-exists; returns the datastore revision after it.</summary>
    public async Task<long> DeleteAsync(string yaml)
    {
        await Harness.CtlOkAsync("delete", "--skip-not-exists", "-f", WriteFile(yaml));
        return await PolicyResources.RevisionAsync(Harness.DatastorePath);
    }

    /// <summary>The datastore's revision now.</summary>
    public Task<long> RevisionAsync() => PolicyResources.RevisionAsync(Harness.DatastorePath);

    /// <summary>The policy model over what the datastore holds now.</summary>
    public async Task<PolicyModel> ModelAsync() => PolicyModel.Create(await PolicyResources.ReadAsync(Harness.DatastorePath));

    /// <summary>
    /// Probes every cell of <paramref name="targets"/> × <paramref name="targets"/> × <paramref name="probes"/> at once; cells
    /// that disagree with <paramref name="expected"/> are probed again (twice at most, with a longer timeout) before they
    /// count, so a probe lost to a loaded machine is not reported as a policy failure. A cell that really disagrees
    /// disagrees every time.
    /// </summary>
    public async Task<ObservedMatrix> ProbeAsync(IReadOnlyList<ProbeTarget> targets, IReadOnlyList<Probe> probes, ReachabilityMatrix expected)
    {
        var observed = await Prober.ProbeMatrixAsync(targets, probes, ProbeTimeout);
        for (var retry = 0; retry < 2; retry++)
        {
            var differences = expected.DifferencesFrom(observed.Matrix);
            if (differences.Count == 0)
            {
                break;
            }

            var cells = differences.Select(d => observed.Cell(d.From, d.To, d.Probe)).ToList();
            observed = observed.With(cells, await Prober.ProbeAsync(cells, RetryTimeout));
        }

        return observed;
    }

    /// <summary>Null when <paramref name="observed"/> matches <paramref name="expected"/>, else a report: the diff as matrices, what each differing probe saw, and the model's reasoning.</summary>
    public static string? Compare(string title, ReachabilityMatrix expected, ObservedMatrix observed, PolicyModel? model, ITestOutputHelper? output = null)
    {
        var differences = expected.DifferencesFrom(observed.Matrix);
        output?.WriteLine($"{title}: {expected.Names.Count * expected.Names.Count * expected.Probes.Count} probes, {differences.Count} differ from the model");
        if (differences.Count == 0)
        {
            return null;
        }

        var report = new StringBuilder();
        report.Append(title).Append(":\n").Append(ReachabilityMatrix.Diff(expected, observed.Matrix)).Append("\n\nwhat the differing probes saw:\n");
        foreach (var difference in differences)
        {
            report.Append("  ").Append(difference.From).Append(" -> ").Append(difference.To).Append(' ').Append(difference.Probe)
                .Append(": ").Append(observed.Outcome(difference.From, difference.To, difference.Probe).Detail).Append('\n');
        }

        if (model is not null && differences.Any(d => d.From.Contains('/', StringComparison.Ordinal) && d.To.Contains('/', StringComparison.Ordinal)))
        {
            report.Append("\nthe model's verdicts (first 5):\n");
            foreach (var difference in differences.Where(d => d.From.Contains('/', StringComparison.Ordinal) && d.From != d.To).Take(5))
            {
                report.Append(model.Evaluate(ExpectedMatrices.PodFlow(model, difference.From, difference.To, difference.Probe))).Append('\n');
            }
        }

        return report.ToString();
    }

    private string WriteFile(string yaml)
    {
        var directory = Path.Combine(Harness.LabDirectoryPath, "conformance");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Interlocked.Increment(ref _fileCounter):D4}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
