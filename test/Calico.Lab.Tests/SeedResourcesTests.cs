using Calico.Lab.Runtime;
using Calico.Lab.Seed;
using Calico.Lab.State;
using Calico.Testing;

namespace Calico.Lab.Tests;

/// <summary>The seed's files embedded in calico-lab are the seed's, byte for byte, and the lab's default pool is the seed's pool.</summary>
public sealed class SeedResourcesTests
{
    [Theory]
    [InlineData(SeedResources.IpPoolFile)]
    [InlineData(SeedResources.NetworkPolicyFile)]
    public void Embedded_EqualsTheSeedsFile(string file)
    {
        var seed = Path.Combine(RepositoryPaths.Seed, file);
        if (!File.Exists(seed))
        {
            return; // A clone without the shared seed next to it: nothing to compare with.
        }

        var embedded = file == SeedResources.IpPoolFile ? SeedResources.IpPoolYaml : SeedResources.NetworkPolicyYaml;
        Assert.Equal(File.ReadAllText(seed), embedded);
    }

    [Fact]
    public void DefaultPool_VxlanIsTheSeedsPool_BgpTheSameWithoutTheOverlay()
    {
        Assert.Equal(SeedResources.IpPoolYaml, LabTopology.DefaultPoolYaml(LabModes.Vxlan));
        var bgp = LabTopology.DefaultPoolYaml(LabModes.Bgp);
        Assert.Contains("vxlanMode: Never", bgp, StringComparison.Ordinal);
        Assert.Contains("cidr: 192.168.0.0/16", bgp, StringComparison.Ordinal);
        Assert.Contains("name: default-ipv4-ippool", bgp, StringComparison.Ordinal);
    }
}
