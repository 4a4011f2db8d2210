using Calico.Testing;

namespace Calico.Bgp.Tests.Rendering;

/// <summary>Every golden bird.cfg is valid BIRD 2: <c>bird -p -c FILE</c> (parse only; starts nothing).</summary>
public sealed class BirdParseCheckTests
{
    public const string Bird = "/usr/sbin/bird";

    public static TheoryData<string> Scenarios => Scenario.All();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Golden_Scenario_ParsesInBird2(string name)
    {
        var golden = new Scenario(name).GoldenPath;
        Assert.True(File.Exists(Bird), $"{Bird} is missing: install bird2");
        var (exitCode, output, error) = ProcessRunner.TryRun(Bird, "-p", "-c", golden);
        Assert.True(exitCode == 0, $"bird -p -c {golden} failed ({exitCode}): {error}{output}");
    }

    [Fact]
    public void ParseCheck_BrokenConfig_Fails()
    {
        var path = Path.Combine(Path.GetTempPath(), $"calico-test-bgp-{UniqueNames.Lab()}.cfg");
        try
        {
            File.WriteAllText(path, "protocol bgp Mesh_10_0_0_2 { neighbor 10.0.0.2 as; }\n");
            var (exitCode, _, _) = ProcessRunner.TryRun(Bird, "-p", "-c", path);
            Assert.NotEqual(0, exitCode);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
