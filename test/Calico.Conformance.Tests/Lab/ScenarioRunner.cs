using System.Diagnostics;
using Calico.Conformance.Tests.Model;
using Calico.Conformance.Tests.Probing;
using Calico.Conformance.Tests.Scenarios;
using Calico.Policy;
using Calico.Policy.Evaluation;
using Calico.Policy.Reachability;
using Xunit.Abstractions;

namespace Calico.Conformance.Tests.Lab;

/// <summary>
/// Runs one scenario in a <see cref="ConformanceLab"/>: for each step, write → wait until every node has programmed it →
/// read the resources back → expected matrix from the model → probe the whole matrix → compare, and compare every probed
/// cell with calicoctl policy trace's verdict (<see cref="TraceReport"/>). Differences are
/// collected over all steps and reported together; at the end every resource any step applied is deleted again
/// (one document at a time, last first), also when a step failed. The next write's programmed-revision wait covers
/// the clean-up, so it is not waited for here.
/// </summary>
public sealed class ScenarioRunner(ConformanceLab lab, ITestOutputHelper output)
{
    /// <summary>The scenario's pod probes on this kernel (SCTP probes are dropped when the kernel has no SCTP).</summary>
    public static IReadOnlyList<Probe> ProbesOf(ConformanceScenario scenario) =>
        [.. (scenario.Probes ?? KubeTestModel.StandardProbes).Where(p => p.Protocol != ProtocolNames.Sctp || ProtocolSupport.SctpAvailable)];

    public async Task RunAsync(ConformanceScenario scenario)
    {
        var addresses = new ScenarioAddresses(lab.PodAddresses);
        var probes = ProbesOf(scenario);
        var failures = new List<string>();
        var applied = new List<string>();
        try
        {
            for (var i = 0; i < scenario.Steps.Count; i++)
            {
                var step = scenario.Steps[i];
                var title = $"{scenario.Name}, step {i + 1} of {scenario.Steps.Count} ({step})";
                var clock = Stopwatch.StartNew();
                var yaml = addresses.Render(step.Yaml);
                long revision;
                if (step.Action == StepAction.Apply)
                {
                    applied.Add(yaml);
                    revision = await lab.ApplyAsync(yaml);
                }
                else
                {
                    revision = await lab.DeleteAsync(yaml);
                }

                var written = clock.Elapsed;
                await lab.WaitProgrammedAsync(revision, $"after {title}");
                var programmed = clock.Elapsed;

                var model = await lab.ModelAsync();
                var expected = ExpectedMatrices.ForPods(model, KubeTestModel.PodNames, probes);
                var hostProbes = scenario.HostProbes.Where(lab.NodeListenPorts.Contains).ToList();
                ReachabilityMatrix? hostExpected = hostProbes.Count == 0 ? null
                    : ExpectedMatrices.ForHosts(model, KubeTestModel.NodeName, KubeTestModel.NodeAddress, KubeTestModel.UnderlayAddress, hostProbes);
                failures.AddRange(step.Expectations
                    .Where(e => !e.OnHosts || hostProbes.Contains(e.Probe))
                    .Select(e => e.Check(e.OnHosts ? hostExpected! : expected))
                    .OfType<string>()
                    .Select(problem => $"{title}: the scenario's own expectation does not hold in the model ({problem}); fix the scenario"));

                var observed = await lab.ProbeAsync(lab.ModelPods, probes, expected);
                if (ConformanceLab.Compare($"{title}: pods", expected, observed, model, output) is { } podReport)
                {
                    failures.Add(podReport);
                }

                if (TraceReport($"{title}: pods", model, observed) is { } traceReport)
                {
                    failures.Add(traceReport);
                }

                if (hostExpected is not null)
                {
                    var hostObserved = await lab.ProbeAsync([lab.Underlay, lab.Node], hostProbes, hostExpected);
                    if (ConformanceLab.Compare($"{title}: underlay <-> {KubeTestModel.NodeName}", hostExpected, hostObserved, model, output) is { } hostReport)
                    {
                        failures.Add(hostReport);
                    }
                }

                output.WriteLine($"  written in {written.TotalMilliseconds:F0} ms, programmed after {programmed.TotalMilliseconds:F0} ms, probed after {clock.Elapsed.TotalMilliseconds:F0} ms");
            }
        }
        finally
        {
            await CleanUpAsync(applied);
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>
    /// calicoctl policy trace --verify's comparison for every probed pod cell (every pair, the same pod included, and
    /// every probe): the trace's verdict, computed through <see cref="TraceVerifier"/> from the model over what the
    /// datastore holds, beside the probe the matrix already took. Null when they all agree.
    /// </summary>
    public static string? TraceReport(string title, PolicyModel model, ObservedMatrix observed)
    {
        var disagreements = (
            from f in observed.Targets
            from t in observed.Targets
            from p in observed.Probes
            let agreement = TraceVerifier.Judge(model, f.Name, t.Name, p, observed.Outcome(f.Name, t.Name, p))
            where !agreement.Agrees
            select $"  {f.Name} -> {t.Name} {p}: {agreement}\n    trace: {agreement.Verdict.Summary}").ToList();
        return disagreements.Count == 0 ? null
            : $"{title}: policy trace disagrees with the real probe on {disagreements.Count} of {observed.Targets.Count * observed.Targets.Count * observed.Probes.Count} cells:\n{string.Join("\n", disagreements)}";
    }

    private async Task CleanUpAsync(IReadOnlyList<string> applied)
    {
        foreach (var document in applied.SelectMany(ScenarioCatalog.Documents).Reverse())
        {
            await lab.DeleteAsync(document);
        }
    }
}
