using Calico.Conformance.Tests.Lab;

namespace Calico.Conformance.Tests;

public sealed class ProgrammedRevisionTests
{
    [Theory]
    [InlineData("felix_programmed_revision 42\n", 42L)]
    [InlineData("# HELP felix_programmed_revision x\n# TYPE felix_programmed_revision gauge\nfelix_programmed_revision 1.5e+03\n", 1500L)]
    [InlineData("felix_programmed_revision{ip_version=\"4\"} 7\nfelix_programmed_revision{ip_version=\"6\"} 9\n", 9L)]
    [InlineData("felix_programmed_revision_total 5\nfelix_cluster_resources{kind=\"Node\"} 1\n", null)]
    [InlineData("", null)]
    public void Parse_PrometheusText_GaugeValueOrNull(string exposition, long? expected) =>
        Assert.Equal(expected, ProgrammedRevision.Parse(exposition));
}
