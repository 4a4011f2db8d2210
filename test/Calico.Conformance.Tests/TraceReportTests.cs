using System.Net;
using Calico.Conformance.Tests.Lab;
using Calico.Conformance.Tests.Model;

namespace Calico.Conformance.Tests;

/// <summary>
/// The scenario runner's trace check (calicoctl policy trace --verify's comparison, run on every probed cell) without a
/// lab: it is silent when the probes saw what the model says, and names every cell where they did not.
/// </summary>
public sealed class TraceReportTests
{
    private const string DenyIngressToX = """
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata:
          name: deny-ingress
          namespace: x
        spec:
          selector: all()
          types: [Ingress]
        """;

    [Fact]
    public async Task TraceReport_ProbesMatchTheModel_Null_ProbesAllAllowed_NamesEveryDeniedCell()
    {
        await using var cluster = await OfflineCluster.CreateAsync();
        await cluster.ApplyAsync(DenyIngressToX);
        var model = await cluster.ModelAsync();
        var targets = KubeTestModel.PodNames.Select(n => new ProbeTarget(n, "unused", OfflineCluster.Addresses[n])).ToList();
        var probes = KubeTestModel.StandardProbes;
        var cells = ObservedMatrix.CellsOf(targets, probes);

        var asModel = new ObservedMatrix(targets, probes, [.. cells.Select(c => TraceVerifier.Evaluate(model, c.From.Name, c.To.Name, c.Probe).Allowed ? ProbeOutcome.Echoed(TimeSpan.Zero) : ProbeOutcome.Denied("dropped"))]);
        var allOpen = new ObservedMatrix(targets, probes, [.. cells.Select(_ => ProbeOutcome.Echoed(TimeSpan.Zero))]);

        Assert.Null(ScenarioRunner.TraceReport("as the model", model, asModel));
        var report = ScenarioRunner.TraceReport("all open", model, allOpen);
        Assert.NotNull(report);
        Assert.Contains("y/a -> x/a tcp/80: kernel DISAGREES: model says denied, probe was allowed", report, StringComparison.Ordinal);
        Assert.DoesNotContain("x/a -> x/a", report, StringComparison.Ordinal);
        Assert.DoesNotContain("-> y/", report, StringComparison.Ordinal);
    }

    [Fact]
    public void TraceAgreement_Text_SaysWhetherTheKernelAgrees()
    {
        var verdict = new Calico.Policy.Evaluation.FlowVerdict
        {
            Flow = Calico.Policy.Evaluation.Flow.Tcp(IPAddress.Loopback, IPAddress.Loopback, 80),
            Allowed = true,
            SourceAddress = IPAddress.Loopback,
            DestinationAddress = IPAddress.Loopback,
            SourceName = "x/a",
            DestinationName = "x/b",
            IpVersion = 4,
        };

        Assert.StartsWith("kernel agrees: allowed", new TraceAgreement(verdict, ProbeOutcome.Echoed(TimeSpan.Zero)).ToString(), StringComparison.Ordinal);
        Assert.StartsWith("kernel DISAGREES: model says allowed, probe was denied", new TraceAgreement(verdict, ProbeOutcome.Denied("dropped")).ToString(), StringComparison.Ordinal);
    }
}
