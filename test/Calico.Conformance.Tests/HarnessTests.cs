using Calico.Conformance.Tests.Lab;
using Calico.Conformance.Tests.Model;
using Calico.Conformance.Tests.Probing;
using Calico.Policy.Reachability;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Conformance.Tests;

/// <summary>
/// The harness itself, with or without Felix: with no policy every probe passes (and the model agrees), and a drop the
/// test adds itself inside one pod's namespace is seen by exactly the probes it should stop.
/// </summary>
[Collection(KubeModelLabCollection.Name)]
public sealed class HarnessTests(ConformanceLab lab, ITestOutputHelper output)
{
    [PrivilegedFact]
    public async Task NoPolicy_ModelAllowsEverything_AndEveryProbeEchoes()
    {
        output.WriteLine($"lab {lab.Harness.Name} set up in {lab.SetupTime.TotalSeconds:F1} s; SCTP {(ProtocolSupport.SctpAvailable ? "probed" : "not probed: this kernel has no SCTP (not in /proc/net/protocols)")}");
        await WaitIfFelixProgramsAsync();
        var model = await lab.ModelAsync();
        Assert.Empty(model.Snapshot.Policies);
        var expected = ExpectedMatrices.ForPods(model, KubeTestModel.PodNames, KubeTestModel.StandardProbes);
        var allAllowed = ReachabilityMatrix.FromFunction(KubeTestModel.PodNames, KubeTestModel.StandardProbes, (_, _, _) => true);
        Assert.Empty(allAllowed.DifferencesFrom(expected));

        var observed = await lab.ProbeAsync(lab.ModelPods, KubeTestModel.StandardProbes, expected);
        var hosts = ExpectedMatrices.ForHosts(model, KubeTestModel.NodeName, KubeTestModel.NodeAddress, KubeTestModel.UnderlayAddress, KubeTestModel.HostListenPorts);
        var hostObserved = await lab.ProbeAsync([lab.Underlay, lab.Node], KubeTestModel.HostListenPorts, hosts);

        Assert.Null(ConformanceLab.Compare("no policy: pods", expected, observed, model, output));
        Assert.Null(ConformanceLab.Compare("no policy: underlay <-> node1", hosts, hostObserved, model, output));
        output.WriteLine(observed.Matrix.ToString());
    }

    [PrivilegedFact]
    public async Task DropRuleInsideOnePod_ProberReportsExactlyTheDroppedCells()
    {
        await WaitIfFelixProgramsAsync();
        var target = lab.Pod("y/b");
        const string Table = "conformance_probe_check";
        await NftAsync(target, "add", "table", "inet", Table);
        try
        {
            await NftAsync(target, "add", "chain", "inet", Table, "input", "{ type filter hook input priority 0 ; policy accept ; }");
            await NftAsync(target, "add", "rule", "inet", Table, "input", "tcp", "dport", "81", "drop");
            await NftAsync(target, "add", "rule", "inet", Table, "input", "udp", "dport", "80", "drop");
            var probes = KubeTestModel.StandardProbes;
            var dropped = new[] { Probe.Tcp(81), Probe.Udp(80) };

            // The input hook also sees y/b's probes to itself (they loop back through it), so those cells are denied too.
            var expected = ReachabilityMatrix.FromFunction(KubeTestModel.PodNames, probes, (_, to, probe) => !(to == "y/b" && dropped.Contains(probe)));
            var observed = await lab.ProbeAsync(lab.ModelPods, probes, expected);
            Assert.Null(ConformanceLab.Compare("drop rule in y/b", expected, observed, model: null, output));

            var allAllowed = ReachabilityMatrix.FromFunction(KubeTestModel.PodNames, probes, (_, _, _) => true);
            var differences = allAllowed.DifferencesFrom(observed.Matrix);
            Assert.Equal(KubeTestModel.PodNames.Count * dropped.Length, differences.Count);
            Assert.All(differences, d => Assert.Equal("y/b", d.To));
            Assert.Contains("no connection within", observed.Outcome("x/a", "y/b", Probe.Tcp(81)).Detail, StringComparison.Ordinal);
            Assert.Contains("no echo within", observed.Outcome("x/a", "y/b", Probe.Udp(80)).Detail, StringComparison.Ordinal);
            output.WriteLine("what a failure report looks like (all-allowed expected, drop rule in y/b):");
            output.WriteLine(ConformanceLab.Compare("example", allAllowed, observed, model: null)!);
        }
        finally
        {
            await NftAsync(target, "delete", "table", "inet", Table);
        }
    }

    [PrivilegedFact]
    public async Task ProgrammedRevision_NothingExportsTheGauge_FailsWithClearMessage_ThenFailsFast()
    {
        // The underlay runs no calico-node: what a node without Felix's gauge looks like to the wait.
        var wait = new ProgrammedRevision("underlay", lab.Harness.UnderlayNamespace, TimeSpan.FromSeconds(3));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var first = await Assert.ThrowsAsync<Calico.Lab.LabException>(() => wait.WaitAsync(7, "after a test write"));
        var firstTook = clock.Elapsed;
        clock.Restart();
        await Assert.ThrowsAsync<Calico.Lab.LabException>(() => wait.WaitAsync(8, "after another write"));

        Assert.Contains("did not program datastore revision 7 (after a test write) within 3 s", first.Message, StringComparison.Ordinal);
        Assert.Contains("does not answer on 127.0.0.1:9091/metrics", first.Message, StringComparison.Ordinal);
        Assert.InRange(firstTook, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(8));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
        output.WriteLine(first.Message);
    }

    /// <summary>With Felix, let it finish programming whatever ran before; without it (no metric), go on: these tests do not need it.</summary>
    private async Task WaitIfFelixProgramsAsync()
    {
        if ((await lab.Programmed.ReadAsync()).Revision is not null)
        {
            await lab.Programmed.WaitAsync(await lab.RevisionAsync(), "before the harness test");
        }
    }

    private static Task NftAsync(ProbeTarget pod, params string[] args) =>
        Task.Run(() => ProcessRunner.Run("ip", ["netns", "exec", pod.NetworkNamespace, "nft", .. args]));
}
