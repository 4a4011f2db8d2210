using System.Diagnostics;
using Calico.Conformance.Tests.Lab;
using Calico.Conformance.Tests.Model;
using Calico.Conformance.Tests.Probing;
using Calico.Policy.Reachability;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Conformance.Tests;

/// <summary>
/// Failing closed, in a lab of its own (its calico-node is killed and restarted): a pod created while calico-node is
/// down, or before its first sync, gets no access its policies deny; killing calico-node leaves the last programmed
/// rules in force; restarting it converges without breaking established allowed connections. While calico-node is
/// down or starting, a probe the model allows may fail (that is closed, not open), but no probe the model denies may
/// pass; once it has programmed the datastore's revision, the matrix must match the model exactly.
/// </summary>
[Collection(FailClosedLabCollection.Name)]
public sealed class FailClosedTests(FailClosedLab lab, ITestOutputHelper output)
{
    /// <summary>Pods labelled guarded=true accept only pod b of x and may reach only pod a of x.</summary>
    private const string GuardPolicy = """
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata:
          name: guard
          namespace: x
        spec:
          selector: guarded == 'true'
          types: [Ingress, Egress]
          ingress:
          - action: Allow
            source:
              selector: pod == 'b'
          egress:
          - action: Allow
            destination:
              selector: pod == 'a'
        """;

    /// <summary>x/a accepts only x/b.</summary>
    private const string OnlyBToA = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: only-b-to-a
          namespace: x
        spec:
          podSelector:
            matchLabels:
              pod: a
          ingress:
          - from:
            - podSelector:
                matchLabels:
                  pod: b
        """;

    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(1);

    [PrivilegedFact]
    public async Task PodCreatedWhileCalicoNodeIsDown_GetsNothingItsPolicyDenies_ThenConvergesAfterRestart()
    {
        const string Pod = "x/new-while-down";
        try
        {
            await lab.Programmed.WaitAsync(await lab.ApplyAsync(GuardPolicy), "after applying the guard policy");
            await lab.Harness.LabOkAsync("node", "stop", KubeTestModel.NodeName);

            await AddGuardedPodAsync(Pod);
            var revision = await lab.RevisionAsync();
            var (targets, names) = Targets(Pod);
            var expected = ExpectedMatrices.ForPods(await lab.ModelAsync(), names, KubeTestModel.StandardProbes);
            Assert.False(expected.IsAllowed("y/a", Pod, Probe.Tcp(80)), "the model should deny y/a -> the guarded pod");
            var failures = new List<string>();
            var whileDown = await lab.Prober.ProbeMatrixAsync(targets, KubeTestModel.StandardProbes, TimeSpan.FromMilliseconds(1500));
            failures.AddIfNotNull(OpenCells("while calico-node is down", expected, whileDown));

            await lab.Harness.LabOkAsync("node", "start", KubeTestModel.NodeName);
            failures.AddRange(await ProbeUntilProgrammedAsync("while calico-node starts", targets, expected, revision));

            await lab.Programmed.WaitAsync(revision, "after restarting calico-node");
            var converged = await lab.ProbeAsync(targets, KubeTestModel.StandardProbes, expected);
            failures.AddIfNotNull(ConformanceLab.Compare("after calico-node converged", expected, converged, await lab.ModelAsync(), output));
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }
        finally
        {
            await RestoreAsync(Pod, GuardPolicy);
        }
    }

    [PrivilegedFact]
    public async Task PodCreatedBeforeFirstSync_GetsNothingItsPolicyDenies_ThenConverges()
    {
        const string Pod = "x/new-at-start";
        try
        {
            await lab.Programmed.WaitAsync(await lab.ApplyAsync(GuardPolicy), "after applying the guard policy");
            await lab.Harness.LabOkAsync("node", "stop", KubeTestModel.NodeName);

            // Start calico-node and create the pod right away: the pod exists before calico-node has synced.
            await lab.Harness.LabOkAsync("node", "start", KubeTestModel.NodeName);
            await AddGuardedPodAsync(Pod);
            var reading = await lab.Programmed.ReadAsync();
            output.WriteLine($"when the pod existed: {reading.Detail}");
            var revision = await lab.RevisionAsync();
            var (targets, names) = Targets(Pod);
            var expected = ExpectedMatrices.ForPods(await lab.ModelAsync(), names, KubeTestModel.StandardProbes);
            var failures = await ProbeUntilProgrammedAsync("before calico-node's first sync completed", targets, expected, revision);

            await lab.Programmed.WaitAsync(revision, "after starting calico-node");
            var converged = await lab.ProbeAsync(targets, KubeTestModel.StandardProbes, expected);
            failures.AddIfNotNull(ConformanceLab.Compare("after calico-node converged", expected, converged, await lab.ModelAsync(), output));
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }
        finally
        {
            await RestoreAsync(Pod, GuardPolicy);
        }
    }

    [PrivilegedFact]
    public async Task KillingCalicoNode_LeavesTheLastProgrammedRulesInForce_UntilItRestarts()
    {
        try
        {
            await lab.Programmed.WaitAsync(await lab.ApplyAsync(OnlyBToA), "after applying only-b-to-a");
            var programmed = ExpectedMatrices.ForPods(await lab.ModelAsync(), KubeTestModel.PodNames, KubeTestModel.StandardProbes);
            Assert.False(programmed.IsAllowed("x/c", "x/a", Probe.Tcp(80)));
            var failures = new List<string>();
            failures.AddIfNotNull(ConformanceLab.Compare("before the kill", programmed,
                await lab.ProbeAsync(lab.ModelPods, KubeTestModel.StandardProbes, programmed), null, output));

            await lab.Harness.LabOkAsync("node", "stop", KubeTestModel.NodeName);
            failures.AddIfNotNull(ConformanceLab.Compare("after killing calico-node", programmed,
                await lab.ProbeAsync(lab.ModelPods, KubeTestModel.StandardProbes, programmed), null, output));

            // The datastore moves on, the kernel does not: nothing programs while calico-node is down.
            var deleted = await lab.DeleteAsync(OnlyBToA);
            failures.AddIfNotNull(ConformanceLab.Compare("after deleting the policy while calico-node is down", programmed,
                await lab.ProbeAsync(lab.ModelPods, KubeTestModel.StandardProbes, programmed), null, output));

            await lab.Harness.LabOkAsync("node", "start", KubeTestModel.NodeName);
            await lab.Programmed.WaitAsync(deleted, "after restarting calico-node");
            var model = await lab.ModelAsync();
            var open = ExpectedMatrices.ForPods(model, KubeTestModel.PodNames, KubeTestModel.StandardProbes);
            failures.AddIfNotNull(ConformanceLab.Compare("after the restart converged", open,
                await lab.ProbeAsync(lab.ModelPods, KubeTestModel.StandardProbes, open), model, output));
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }
        finally
        {
            await RestoreAsync(null, OnlyBToA);
        }
    }

    [PrivilegedFact]
    public async Task RestartingCalicoNode_KeepsEstablishedAllowedConnections_AndConverges()
    {
        HeldConnection? connection = null;
        try
        {
            await lab.Programmed.WaitAsync(await lab.ApplyAsync(OnlyBToA), "after applying only-b-to-a");
            var (a, b, c) = (lab.Pod("x/a"), lab.Pod("x/b"), lab.Pod("x/c"));
            connection = await HeldConnection.OpenAsync(b, a, 80, TimeSpan.FromSeconds(3));
            Assert.True(await connection.ExchangeAsync(TimeSpan.FromSeconds(2)), "the allowed connection x/b -> x/a:80 does not carry data");
            await AssertProbesAsync("before the restart", (b, a, true), (c, a, false));

            await lab.Harness.LabOkAsync("node", "stop", KubeTestModel.NodeName);
            Assert.True(await connection.ExchangeAsync(TimeSpan.FromSeconds(2)), "the established connection stopped carrying data when calico-node was killed");
            await lab.Harness.LabOkAsync("node", "start", KubeTestModel.NodeName);
            var revision = await lab.RevisionAsync();
            var clock = Stopwatch.StartNew();
            var exchanges = 0;
            while ((await lab.Programmed.ReadAsync()).Revision is not { } programmed || programmed < revision)
            {
                Assert.True(await connection.ExchangeAsync(TimeSpan.FromSeconds(2)), $"the established connection broke while calico-node was starting (after {exchanges} good exchanges, {clock.ElapsedMilliseconds} ms)");
                exchanges++;
                if (clock.Elapsed > lab.Programmed.Timeout)
                {
                    break;
                }

                await Task.Delay(200);
            }

            output.WriteLine($"{exchanges} exchanges on the established connection while calico-node started ({clock.ElapsedMilliseconds} ms)");
            await lab.Programmed.WaitAsync(revision, "after restarting calico-node");
            Assert.True(await connection.ExchangeAsync(TimeSpan.FromSeconds(2)), "the established connection broke when calico-node converged");
            await AssertProbesAsync("after the restart converged", (b, a, true), (c, a, false));
        }
        finally
        {
            connection?.Dispose();
            await RestoreAsync(null, OnlyBToA);
        }
    }

    private async Task AddGuardedPodAsync(string name) =>
        await lab.AddPodAsync(name, $"pod={name.Split('/')[1]},guarded=true", KubeTestModel.NamedPorts, KubeTestModel.ServiceAccount("a"), KubeTestModel.PodListenPorts);

    private (IReadOnlyList<ProbeTarget> Targets, IReadOnlyList<string> Names) Targets(string extraPod)
    {
        IReadOnlyList<ProbeTarget> targets = [.. lab.ModelPods, lab.Pod(extraPod)];
        return (targets, [.. targets.Select(t => t.Name)]);
    }

    /// <summary>Probes rounds of the whole matrix until node1 has programmed <paramref name="revision"/> (or the timeout); reports every round in which a denied cell passed.</summary>
    private async Task<List<string>> ProbeUntilProgrammedAsync(string when, IReadOnlyList<ProbeTarget> targets, ReachabilityMatrix expected, long revision)
    {
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        while (true)
        {
            var observed = await lab.Prober.ProbeMatrixAsync(targets, expected.Probes, RoundTimeout);
            rounds++;
            failures.AddIfNotNull(OpenCells($"{when} (round {rounds}, {clock.ElapsedMilliseconds} ms after start)", expected, observed));
            if ((await lab.Programmed.ReadAsync()).Revision is { } programmed && programmed >= revision)
            {
                break;
            }

            if (clock.Elapsed > lab.Programmed.Timeout)
            {
                break;
            }
        }

        output.WriteLine($"{when}: {rounds} rounds of {expected.Names.Count * expected.Names.Count * expected.Probes.Count} probes in {clock.ElapsedMilliseconds} ms");
        return failures;
    }

    /// <summary>Null when no cell the model denies passed; cells the model allows may have failed (closed is safe).</summary>
    private string? OpenCells(string when, ReachabilityMatrix expected, ObservedMatrix observed)
    {
        var actual = observed.Matrix;
        var tolerant = ReachabilityMatrix.FromFunction(expected.Names, expected.Probes, (f, t, p) => expected.IsAllowed(f, t, p) && actual.IsAllowed(f, t, p));
        return ConformanceLab.Compare($"fail-closed {when}: no probe the model denies may pass (cells the model allows are shown as observed)", tolerant, observed, null, output);
    }

    private async Task AssertProbesAsync(string when, params (ProbeTarget From, ProbeTarget To, bool Allowed)[] probes)
    {
        var cells = probes.Select(p => new ProbeCell(p.From, p.To, Probe.Tcp(80))).ToList();
        var outcomes = await lab.Prober.ProbeAsync(cells, TimeSpan.FromSeconds(2));
        for (var i = 0; i < cells.Count; i++)
        {
            Assert.True(outcomes[i].Allowed == probes[i].Allowed, $"{when}: {cells[i]} expected {(probes[i].Allowed ? "allow" : "deny")}: {outcomes[i].Detail}");
        }
    }

    /// <summary>calico-node running again, the extra pod gone, the policy deleted: the next test starts from the same lab.</summary>
    private async Task RestoreAsync(string? pod, string policy)
    {
        var (exit, _, _) = await lab.Harness.LabAsync("node", "start", KubeTestModel.NodeName);
        output.WriteLine(exit == 0 ? "calico-node was down at the end; started it again" : "calico-node running at the end");
        if (pod is not null && lab.PodAddresses.ContainsKey(pod))
        {
            await lab.DeletePodAsync(pod);
        }

        await lab.DeleteAsync(policy);
    }
}
