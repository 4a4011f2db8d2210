using Calico.Conformance.Tests.Lab;
using Calico.Conformance.Tests.Scenarios;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Conformance.Tests;

/// <summary>Every scenario with the nine pods spread over three nodes joined by the VXLAN overlay (issue 5: policy across nodes).</summary>
[Collection(SpreadVxlanLabCollection.Name)]
public sealed class VxlanSpreadScenarioConformanceTests(SpreadVxlanLab lab, ITestOutputHelper output)
{
    public static TheoryData<string> Scenarios => [.. ScenarioCatalog.All.Select(s => s.Name)];

    [PrivilegedTheory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_PodsOnThreeNodes_Vxlan_ProbedMatrixMatchesModel(string scenario) =>
        await new ScenarioRunner(lab, output).RunAsync(ScenarioCatalog.Named(scenario));
}

/// <summary>Every scenario with the nine pods spread over three nodes routed by BGP (BIRD full mesh).</summary>
[Collection(SpreadBgpLabCollection.Name)]
public sealed class BgpSpreadScenarioConformanceTests(SpreadBgpLab lab, ITestOutputHelper output)
{
    public static TheoryData<string> Scenarios => [.. ScenarioCatalog.All.Select(s => s.Name)];

    [PrivilegedTheory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_PodsOnThreeNodes_Bgp_ProbedMatrixMatchesModel(string scenario) =>
        await new ScenarioRunner(lab, output).RunAsync(ScenarioCatalog.Named(scenario));
}
