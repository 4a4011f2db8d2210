using Calico.Api.Conversion;
using Calico.Api.Kubernetes;
using Calico.Api.Values;

namespace Calico.Api.Tests.Conversion;

public class KubeProfileConverterTests
{
    [Fact]
    public void FromNamespace_AllowsAllAndPrefixesLabels()
    {
        var profile = KubeProfileConverter.FromNamespace(new KubeNamespace { Metadata = new() { Name = "app", Labels = new() { ["team"] = "a" } } });

        Assert.Equal("kns.app", profile.Name);
        Assert.Equal(RuleAction.Allow, Assert.Single(profile.Spec.Ingress!).Action);
        Assert.Equal(RuleAction.Allow, Assert.Single(profile.Spec.Egress!).Action);
        Assert.Equal("a", profile.Spec.LabelsToApply!["pcns.team"]);
        Assert.Equal("app", profile.Spec.LabelsToApply["pcns.projectcalico.org/name"]);
    }

    [Fact]
    public void FromServiceAccount_HasNoRulesAndPrefixesLabels()
    {
        var profile = KubeProfileConverter.FromServiceAccount(new KubeServiceAccount { Metadata = new() { Name = "sa", Namespace = "app", Labels = new() { ["role"] = "x" } } });

        Assert.Equal("ksa.app.sa", profile.Name);
        Assert.Null(profile.Spec.Ingress);
        Assert.Equal("x", profile.Spec.LabelsToApply!["pcsa.role"]);
        Assert.Equal("sa", profile.Spec.LabelsToApply["pcsa.projectcalico.org/name"]);
    }
}
