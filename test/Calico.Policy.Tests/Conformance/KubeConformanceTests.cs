using Calico.Policy.Reachability;
using Calico.Policy.Tests.Support;

namespace Calico.Policy.Tests.Conformance;

public class KubeConformanceTests
{
    public static TheoryData<string> ScenarioNames => [.. KubeScenarios.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Evaluate_Scenario_MatchesHandDerivedMatrix(string scenario)
    {
        var definition = KubeScenarios.Named(scenario);
        var model = KubeModel.Model(definition.Yaml, definition.ExtraProfilesForX);

        var expected = KubeModel.Expected(definition.Expected, definition.Probes);
        var actual = KubeModel.Actual(model, definition.Probes);

        Assert.True(expected.DifferencesFrom(actual).Count == 0, $"{scenario}:\n{ReachabilityMatrix.Diff(expected, actual)}");
    }

    [Fact]
    public void Scenarios_AtLeastThirty_WithUniqueNames()
    {
        Assert.True(KubeScenarios.All.Count >= 30);
        Assert.Equal(KubeScenarios.All.Count, KubeScenarios.All.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count());
    }
}
