using Calico.Api.Defaults;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Api.Values;

namespace Calico.Api.Tests.Defaults;

public class ResourceDefaulterTests
{
    private static T Defaulted<T>(string yaml)
        where T : Resource
    {
        var resource = (T)ResourceCodec.Decode(yaml, "x").Single().Resource;
        ResourceDefaulter.Apply(resource);
        return resource;
    }

    [Fact]
    public void Apply_IPv4Pool_GetsCalicosDefaults()
    {
        var pool = Defaulted<IPPool>("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/16}");

        Assert.Equal(26, pool.Spec.BlockSize);
        Assert.Equal("all()", pool.Spec.NodeSelector);
        Assert.Equal([IPPoolAllowedUse.Workload, IPPoolAllowedUse.Tunnel], pool.Spec.AllowedUses);
        Assert.Equal(EncapMode.Never, pool.Spec.VxlanMode);
        Assert.Equal(EncapMode.Never, pool.Spec.IpipMode);
        Assert.Equal(AssignmentMode.Automatic, pool.Spec.AssignmentMode);
        Assert.Null(pool.Spec.NatOutgoing);
    }

    [Fact]
    public void Apply_IPv6Pool_GetsBlockSize122()
    {
        var pool = Defaulted<IPPool>("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 'fd00::/48'}");
        Assert.Equal(122, pool.Spec.BlockSize);
    }

    [Theory]
    [InlineData("{}", "Ingress")]
    [InlineData("{ingress: [{action: Allow}]}", "Ingress")]
    [InlineData("{egress: [{action: Allow}]}", "Egress")]
    [InlineData("{ingress: [{action: Allow}], egress: [{action: Allow}]}", "Ingress,Egress")]
    [InlineData("{types: [Egress]}", "Egress")]
    public void Apply_PolicyWithoutTypes_DefaultsTypesFromRules(string spec, string expected)
    {
        var policy = Defaulted<NetworkPolicy>($"apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {{name: n, namespace: a}}\nspec: {spec}");
        Assert.Equal(expected, string.Join(",", policy.Spec.Types!));
    }

    [Fact]
    public void Apply_Policy_GetsDefaultTierAndTierLabel()
    {
        var policy = Defaulted<GlobalNetworkPolicy>("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: n}\nspec: {}");

        Assert.Equal("default", policy.Spec.Tier);
        Assert.Equal("default", policy.Metadata.Labels![WellKnownLabels.Tier]);
    }

    [Fact]
    public void Apply_WorkloadEndpoint_GetsNamespaceOrchestratorAndServiceAccountLabels()
    {
        var wep = Defaulted<WorkloadEndpoint>("apiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\nmetadata: {name: w, namespace: app}\nspec: {serviceAccountName: sa}");

        Assert.Equal("app", wep.Metadata.Labels![WellKnownLabels.Namespace]);
        Assert.Equal("k8s", wep.Metadata.Labels[WellKnownLabels.Orchestrator]);
        Assert.Equal("sa", wep.Metadata.Labels[WellKnownLabels.ServiceAccount]);
    }

    [Fact]
    public void BuiltInTiers_AreCalicos()
    {
        var tiers = BuiltInTiers.Create().ToDictionary(t => t.Name);

        Assert.Equal((1000d, TierDefaultAction.Pass), (tiers["kube-admin"].Spec.Order!.Value, tiers["kube-admin"].Spec.DefaultAction!.Value));
        Assert.Equal((1e6, TierDefaultAction.Deny), (tiers["default"].Spec.Order!.Value, tiers["default"].Spec.DefaultAction!.Value));
        Assert.Equal((1e7, TierDefaultAction.Pass), (tiers["kube-baseline"].Spec.Order!.Value, tiers["kube-baseline"].Spec.DefaultAction!.Value));
    }
}
