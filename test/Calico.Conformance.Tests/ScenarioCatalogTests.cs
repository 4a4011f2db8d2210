using Calico.Conformance.Tests.Lab;
using Calico.Conformance.Tests.Model;
using Calico.Conformance.Tests.Scenarios;
using Calico.Policy.Reachability;

namespace Calico.Conformance.Tests;

/// <summary>
/// The scenarios without a lab (no root, no Felix): every file parses, its YAML is accepted by the validating store
/// calicoctl writes through, the model builds without warnings, and every hand-written expectation holds in the
/// model's matrix. A scenario that fails here would fail in the lab for a reason that is not Felix's.
/// </summary>
public sealed class ScenarioCatalogTests
{
    public static TheoryData<string> Scenarios => [.. ScenarioCatalog.All.Select(s => s.Name)];

    [Fact]
    public void Catalog_AtLeastFortyScenarios_UniqueNames_KubernetesAndCalicoGroups()
    {
        var names = ScenarioCatalog.All.Select(s => s.Name).ToList();

        Assert.True(names.Count >= 40, $"{names.Count} scenarios");
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(names, n => n.StartsWith("kubernetes/", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("calico/", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_OfflineModel_AcceptsYamlAndAgreesWithEveryExpectation(string name)
    {
        var scenario = ScenarioCatalog.Named(name);
        Assert.False(string.IsNullOrWhiteSpace(scenario.Description), $"{name} has no description (leading comment)");
        Assert.True(scenario.Steps.Sum(s => s.Expectations.Count) > 0, $"{name} states no expectation (#! expect:)");
        var addresses = new ScenarioAddresses(OfflineCluster.Addresses);
        await using var cluster = await OfflineCluster.CreateAsync();
        var probes = ScenarioRunner.ProbesOf(scenario);

        foreach (var step in scenario.Steps)
        {
            var yaml = addresses.Render(step.Yaml);
            if (step.Action == StepAction.Apply)
            {
                await cluster.ApplyAsync(yaml);
            }
            else
            {
                await cluster.DeleteAsync(yaml);
            }

            var model = await cluster.ModelAsync();
            Assert.True(model.Snapshot.Warnings.Count == 0, $"{name} ({step}): {string.Join("; ", model.Snapshot.Warnings)}");
            var pods = ExpectedMatrices.ForPods(model, KubeTestModel.PodNames, probes);
            ReachabilityMatrix? hosts = scenario.HostProbes.Count == 0 ? null
                : ExpectedMatrices.ForHosts(model, KubeTestModel.NodeName, KubeTestModel.NodeAddress, KubeTestModel.UnderlayAddress, scenario.HostProbes);
            var problems = step.Expectations.Select(e => e.Check(e.OnHosts ? hosts! : pods)).OfType<string>().ToList();
            Assert.True(problems.Count == 0, $"{name} ({step}):\n{string.Join("\n", problems)}\n{pods}\n{hosts}");
        }
    }

    [Fact]
    public void Parse_DirectivesStepsAndExpectations()
    {
        var scenario = ScenarioCatalog.Parse("t/x", """
            # Line one
            # line two.
            #! probes: tcp/80 udp/53
            #! host-probes: tcp/22
            apiVersion: v1
            #! expect: x/b -> x/a tcp/80 deny
            #! host-expect: underlay -> node1 tcp/22 allow
            #! apply: update
            kind: B
            #! delete: remove it
            kind: C
            #! expect: x/b -> x/a udp/53 allow
            """);

        Assert.Equal("Line one line two.", scenario.Description);
        Assert.Equal([Probe.Tcp(80), Probe.Udp(53)], scenario.Probes);
        Assert.Equal([Probe.Tcp(22)], scenario.HostProbes);
        Assert.Equal([StepAction.Apply, StepAction.Apply, StepAction.Delete], scenario.Steps.Select(s => s.Action));
        Assert.Equal(["the scenario's resources", "update", "remove it"], scenario.Steps.Select(s => s.Description));
        Assert.Equal(new Expectation("x/b", "x/a", Probe.Tcp(80), false, false), scenario.Steps[0].Expectations[0]);
        Assert.True(scenario.Steps[0].Expectations[1].OnHosts);
        Assert.Equal("kind: C\n", scenario.Steps[2].Yaml);
    }

    [Theory]
    [InlineData("#! delete\nkind: A\n", "first step must apply")]
    [InlineData("kind: A\n#! frobnicate: 1\n", "unknown or misplaced directive")]
    [InlineData("kind: A\n#! probes: tcp/80\n", "unknown or misplaced directive")]
    [InlineData("kind: A\n#! apply: nothing\n", "has no YAML")]
    [InlineData("kind: A\n#! expect: x/a to x/b tcp/80 deny\n", "is not FROM -> TO")]
    [InlineData("kind: A\n#! host-expect: underlay -> node1 tcp/22 deny\n", "host-expect without host-probes")]
    public void Parse_Malformed_SaysWhy(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => ScenarioCatalog.Parse("t/bad", text));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FillsPlaceholders_RejectsUnknownOnes()
    {
        var addresses = new ScenarioAddresses(OfflineCluster.Addresses);

        Assert.Equal("192.168.0.10 192.168.0.14/32 192.168.0.0/16 198.18.0.11 198.18.0.1",
            addresses.Render("{{ip x/a}} {{cidr y/b}} {{pool}} {{node-ip}} {{underlay-ip}}"));
        Assert.Throws<FormatException>(() => addresses.Render("{{ip q/z}}"));
        Assert.Throws<FormatException>(() => addresses.Render("{{gateway}}"));
    }

    [Fact]
    public void Documents_SplitsOnSeparators_DropsEmptyAndCommentOnlyOnes()
    {
        var documents = ScenarioCatalog.Documents("---\nkind: A\n---\n# only a comment\n---\nkind: B\nx: 1\n");

        Assert.Equal(["kind: A\n", "kind: B\nx: 1\n"], documents);
    }
}
