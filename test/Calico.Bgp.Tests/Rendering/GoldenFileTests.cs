using Calico.Bgp.Rendering;

namespace Calico.Bgp.Tests.Rendering;

/// <summary>
/// Every scenario under Scenarios/ renders exactly its bird.cfg. To accept a deliberate change, run the tests with
/// CALICO_UPDATE_GOLDEN=1 (rewrites every bird.cfg) and review the diff.
/// </summary>
public sealed class GoldenFileTests
{
    public static TheoryData<string> Scenarios => Scenario.All();

    [Fact]
    public void Scenarios_AtLeastTwelve_Exist() => Assert.True(Scenario.All().Count >= 12, $"only {Scenario.All().Count} scenarios in {Scenario.Root}");

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Render_Scenario_MatchesGolden(string name)
    {
        var scenario = new Scenario(name);
        var rendered = new BirdConfigRenderer().Render(scenario.LoadSnapshot()).Config;
        if (Scenario.Updating)
        {
            File.WriteAllText(scenario.GoldenPath, rendered);
            return;
        }

        Assert.True(File.Exists(scenario.GoldenPath), $"{scenario.GoldenPath} is missing: run with {Scenario.UpdateVariable}=1 to create it");
        Assert.Equal(File.ReadAllText(scenario.GoldenPath), rendered);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Render_Scenario_RendersNoNotes(string name)
    {
        var result = new BirdConfigRenderer().Render(new Scenario(name).LoadSnapshot());
        Assert.Empty(result.Notes);
    }
}
