using Calico.Conformance.Tests.Lab;
using Calico.Conformance.Tests.Scenarios;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Conformance.Tests;

/// <summary>Every scenario file, each its own test case, in the shared lab: probed matrix after each step = the model's.</summary>
[Collection(KubeModelLabCollection.Name)]
public sealed class ScenarioConformanceTests(ConformanceLab lab, ITestOutputHelper output)
{
    public static TheoryData<string> Scenarios => [.. ScenarioCatalog.All.Select(s => s.Name)];

    [PrivilegedTheory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_EveryStep_ProbedMatrixMatchesModel(string scenario) =>
        await new ScenarioRunner(lab, output).RunAsync(ScenarioCatalog.Named(scenario));
}
