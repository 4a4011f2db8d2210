using Calico.Api.Values;
using Calico.Policy.Ids;
using Calico.Policy.Resolution;
using Calico.Policy.Tests.Support;

namespace Calico.Policy.Tests.Resolution;

public class PolicyResolverTests
{
    [Fact]
    public void Resolve_PoliciesInATier_ByOrderThenNameNamespaceKind()
    {
        var model = KubeModel.Model("""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: unordered
            spec:
              selector: pod == 'a'
              types: [Ingress]
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: p
            spec:
              order: 10
              selector: pod == 'a'
              types: [Ingress]
            ---
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: p
              namespace: x
            spec:
              order: 10
              selector: pod == 'a'
              types: [Ingress]
            ---
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: early
              namespace: x
            spec:
              order: 1.5
              selector: pod == 'a'
              types: [Ingress]
            ---
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: b-late
              namespace: x
            spec:
              order: 1000
              selector: pod == 'a'
              types: [Ingress]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: a-late
              namespace: x
            spec:
              podSelector: {}
            """);

        var resolved = model.Resolve(model.Snapshot.Workload("x", "a").Id, PolicyType.Ingress);

        var tier = Assert.Single(resolved.Tiers);
        Assert.Equal("default", tier.Tier.Name);
        Assert.Equal(
            ["x/early", "p", "x/p", "x/b-late", "x/knp.default.a-late", "unordered"],
            tier.Policies.Select(p => p.Id.ToString()));
    }

    [Fact]
    public void Resolve_Tiers_InTierOrderWithTheirDefaultActions_OnlyThoseWithApplicablePolicies()
    {
        var model = KubeModel.Model("""
            apiVersion: projectcalico.org/v3
            kind: Tier
            metadata:
              name: late
            spec:
              order: 5000000
              defaultAction: Pass
            ---
            apiVersion: projectcalico.org/v3
            kind: Tier
            metadata:
              name: early
            spec:
              order: 10
            ---
            apiVersion: projectcalico.org/v3
            kind: Tier
            metadata:
              name: unused
            spec:
              order: 20
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: late.p
            spec:
              tier: late
              selector: all()
              types: [Ingress]
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: early.p
            spec:
              tier: early
              selector: all()
              types: [Ingress]
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: unused.p
            spec:
              tier: unused
              selector: pod == 'nobody'
              types: [Ingress]
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: default.p
            spec:
              selector: all()
              types: [Ingress]
            """);

        var resolved = model.Resolve(model.Snapshot.Workload("y", "c").Id, PolicyType.Ingress);

        Assert.Equal(["early", "default", "late"], resolved.Tiers.Select(t => t.Tier.Name));
        Assert.Equal([TierDefaultAction.Deny, TierDefaultAction.Deny, TierDefaultAction.Pass], resolved.Tiers.Select(t => t.DefaultAction));
        Assert.True(resolved.HasPolicies);
    }

    [Fact]
    public void Resolve_PolicyTypes_FilterByDirection()
    {
        var model = KubeModel.Model("""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: egress-only
            spec:
              selector: all()
              egress:
              - action: Allow
            """);
        var endpoint = model.Snapshot.Workload("x", "a").Id;

        Assert.False(model.Resolve(endpoint, PolicyType.Ingress).HasPolicies);
        Assert.Equal("egress-only", model.Resolve(endpoint, PolicyType.Egress).Tiers[0].Policies[0].Id.Name);
    }

    [Fact]
    public void Resolve_HostEndpoint_SplitsPoliciesIntoStages()
    {
        var model = PolicyModel.Create(KubeModel.Yaml("""
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata:
              name: h
              labels:
                host: "true"
            spec:
              node: node1
              interfaceName: eth0
              expectedIPs: [192.168.0.1]
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: untracked
            spec:
              selector: has(host)
              doNotTrack: true
              applyOnForward: true
              types: [Ingress, Egress]
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: pre-dnat
            spec:
              selector: has(host)
              preDNAT: true
              applyOnForward: true
              types: [Ingress]
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: forward
            spec:
              selector: has(host)
              applyOnForward: true
              types: [Ingress, Egress]
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: normal
            spec:
              selector: has(host)
              types: [Ingress, Egress]
            """));
        var host = EndpointId.Host("h");

        Assert.Equal(["forward", "normal"], Names(model, host, PolicyType.Ingress, PolicyStage.Normal));
        Assert.Equal(["untracked"], Names(model, host, PolicyType.Ingress, PolicyStage.Untracked));
        Assert.Equal(["untracked"], Names(model, host, PolicyType.Egress, PolicyStage.Untracked));
        Assert.Equal(["pre-dnat"], Names(model, host, PolicyType.Ingress, PolicyStage.PreDnat));
        Assert.Empty(Names(model, host, PolicyType.Egress, PolicyStage.PreDnat));
        Assert.Equal(["forward"], Names(model, host, PolicyType.Egress, PolicyStage.Forward));
        Assert.Equal(TierDefaultAction.Pass, model.Resolve(host, PolicyType.Ingress, PolicyStage.Untracked).Tiers[0].DefaultAction);
        Assert.Equal(TierDefaultAction.Pass, model.Resolve(host, PolicyType.Ingress, PolicyStage.PreDnat).Tiers[0].DefaultAction);
        Assert.Equal(TierDefaultAction.Deny, model.Resolve(host, PolicyType.Ingress, PolicyStage.Normal).Tiers[0].DefaultAction);
    }

    [Theory]
    [InlineData(PolicyStage.Untracked)]
    [InlineData(PolicyStage.PreDnat)]
    [InlineData(PolicyStage.Forward)]
    public void Resolve_WorkloadOutsideTheNormalStage_HasNoPolicies(PolicyStage stage)
    {
        var model = KubeModel.Model("""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: everything
            spec:
              selector: all()
              applyOnForward: true
              types: [Ingress]
            """);

        Assert.False(model.Resolve(model.Snapshot.Workload("x", "a").Id, PolicyType.Ingress, stage).HasPolicies);
    }

    [Fact]
    public void SelectedEndpoints_NamespacedPolicy_OnlyItsNamespace()
    {
        var model = KubeModel.Model("""
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: b-pods
              namespace: y
            spec:
              selector: pod in {'b', 'c'}
            """);

        var selected = model.Resolver.SelectedEndpoints(PolicyId.Namespaced("y", "b-pods"));

        Assert.Equal(["y/b", "y/c"], selected.Select(id => model.Snapshot.Endpoint(id).DisplayName));
        Assert.Empty(model.Resolver.SelectedEndpoints(PolicyId.Global("missing")));
    }

    [Fact]
    public void Resolve_UnknownEndpoint_ThrowsKeyNotFound()
    {
        var model = KubeModel.Model(string.Empty);

        Assert.Throws<KeyNotFoundException>(() => model.Resolve(EndpointId.Workload("x", "nope"), PolicyType.Ingress));
    }

    [Fact]
    public void PolicyId_SortKey_IsNameNamespaceKind()
    {
        Assert.Equal("p/x/NetworkPolicy", PolicyId.Namespaced("x", "p").SortKey);
        Assert.Equal("p//GlobalNetworkPolicy", PolicyId.Global("p").SortKey);
        Assert.Equal("knp.default.p/x/KubernetesNetworkPolicy", PolicyId.Kubernetes("x", "p").SortKey);
    }

    private static string[] Names(PolicyModel model, EndpointId endpoint, PolicyType direction, PolicyStage stage) =>
        [.. model.Resolve(endpoint, direction, stage).Tiers.SelectMany(t => t.Policies).Select(p => p.Id.Name)];
}
