using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Calico.Conformance.Tests.Model;
using Calico.Conformance.Tests.Probing;
using Calico.Lab.Testing;
using Calico.Policy;
using Calico.Policy.Reachability;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Conformance.Tests.Lab;

/// <summary>
/// A one-node lab holding the Kubernetes test model (<see cref="KubeTestModel"/>): namespaces x, y, z with pods a, b, c,
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

    public ProgrammedRevision Programmed { get; private set; } = null!;

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
            await Harness.LabOkAsync("up", "--nodes", "1");
            Programmed = new ProgrammedRevision(KubeTestModel.NodeName, Harness.NodeNamespace(1), ProgramTimeout);
            await ApplyAsync(KubeTestModel.ClusterYaml());
            foreach (var name in KubeTestModel.PodNames)
            {
                var pod = name.Split('/')[1];
                await AddPodAsync(name, $"pod={pod}", KubeTestModel.NamedPorts, KubeTestModel.ServiceAccount(pod), KubeTestModel.PodListenPorts);
            }

            Node = new ProbeTarget(KubeTestModel.NodeName, Harness.NodeNamespace(1), KubeTestModel.NodeAddress);
            Underlay = new ProbeTarget(KubeTestModel.UnderlayName, Harness.UnderlayNamespace, KubeTestModel.UnderlayAddress);
            _listeners.Add(EchoListeners.Start(Node, KubeTestModel.HostListenPorts));
            _listeners.Add(EchoListeners.Start(Underlay, KubeTestModel.HostListenPorts));
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
        var args = new List<string> { "pod", "add", name, "--serviceaccount", serviceAccount };
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

    /// <summary>calicoctl apply -f (YAML written to a file in the lab's directory); returns the datastore revision after it.</summary>
    public async Task<long> ApplyAsync(string yaml)
    {
        await Harness.CtlOkAsync("apply", "-f", WriteFile(yaml));
        return await DatastoreResources.RevisionAsync(Harness.DatastorePath);
    }

    /// <summary>calicoctl delete -f --skip-not-exists; returns the datastore revision after it.</summary>
    public async Task<long> DeleteAsync(string yaml)
    {
        await Harness.CtlOkAsync("delete", "--skip-not-exists", "-f", WriteFile(yaml));
        return await DatastoreResources.RevisionAsync(Harness.DatastorePath);
    }

    /// <summary>The datastore's revision now.</summary>
    public Task<long> RevisionAsync() => DatastoreResources.RevisionAsync(Harness.DatastorePath);

    /// <summary>The policy model over what the datastore holds now.</summary>
    public async Task<PolicyModel> ModelAsync() => PolicyModel.Create(await DatastoreResources.ReadAsync(Harness.DatastorePath));

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
