using Calico.Api.Serialization;
using Calico.Bgp.Model;
using Calico.Testing;

namespace Calico.Bgp.Tests.Rendering;

/// <summary>
/// A golden-file scenario: Scenarios/NAME/input.yaml (resources; first line <c># renders: NODE</c>) and the expected
/// Scenarios/NAME/bird.cfg, read from (and, with CALICO_UPDATE_GOLDEN=1, written to) the source tree.
/// </summary>
public sealed record Scenario(string Name)
{
    public const string UpdateVariable = "CALICO_UPDATE_GOLDEN";

    public static string Root => Path.Combine(RepositoryPaths.Root, "test", "Calico.Bgp.Tests", "Scenarios");

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    public string Directory => Path.Combine(Root, Name);

    public string GoldenPath => Path.Combine(Directory, "bird.cfg");

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var dir in System.IO.Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    public BgpSnapshot LoadSnapshot()
    {
        var path = Path.Combine(Directory, "input.yaml");
        var text = File.ReadAllText(path);
        const string marker = "# renders: ";
        var firstLine = text.Split('\n', 2)[0];
        Assert.True(firstLine.StartsWith(marker, StringComparison.Ordinal), $"{path}: the first line must be '{marker}NODE'");
        var nodeName = firstLine[marker.Length..].Trim();
        var resources = ResourceCodec.Decode(text, path).Select(d => d.Resource);
        return BgpSnapshot.FromResources(nodeName, resources);
    }
}
