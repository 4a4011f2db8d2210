using Calico.Api.Serialization;
using Calico.Ctl.Commands.Doctor.Checks;
using Calico.Policy.Snapshot;

namespace Calico.Ctl.Tests.Doctor;

/// <summary>The seed's gotcha 2: a GlobalNetworkPolicy denying a namespace's pods while the namespace's policies look clean.</summary>
public sealed class GlobalPolicyShadowingTests
{
    private const string Pods = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: app}
        ---
        apiVersion: projectcalico.org/v3
        kind: WorkloadEndpoint
        metadata: {name: node1-k8s-web-eth0, namespace: app, labels: {app: web}}
        spec: {node: node1, pod: web, endpoint: eth0, orchestrator: k8s, ipNetworks: [192.168.0.1/32], profiles: [kns.app], interfaceName: cali1}
        ---
        apiVersion: projectcalico.org/v3
        kind: WorkloadEndpoint
        metadata: {name: node1-k8s-db-eth0, namespace: data, labels: {app: db}}
        spec: {node: node1, pod: db, endpoint: eth0, orchestrator: k8s, ipNetworks: [192.168.0.2/32], profiles: [kns.data], interfaceName: cali2}
        """;

    private const string DenyApp = """
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: deny-app}
        spec:
          namespaceSelector: projectcalico.org/name == 'app'
          types: [Ingress]
          ingress: [{action: Deny}]
        """;

    private static readonly string AllowWeb = AppPolicy("allow-web", "{action: Allow}");

    private static readonly string DenyInApp = AppPolicy("deny-some", "{action: Deny, source: {selector: app == 'x'}}");

    private static string AppPolicy(string name, string rule) => $$"""
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: {{name}}, namespace: app}
        spec: {selector: all(), ingress: [{{rule}}]}
        """;

    private static PolicySnapshot Snapshot(params string[] documents) =>
        new PolicySnapshotBuilder().AddRange(ResourceCodec.Decode(string.Join("\n---\n", documents), "test.yaml").Select(d => d.Resource)).Build();

    [Fact]
    public void Find_DenyingGnp_NamespaceWithoutPolicies_Reported()
    {
        var shadow = Assert.Single(GlobalPolicyShadowing.Find(Snapshot(Pods, DenyApp)));

        Assert.Equal(("deny-app", "app"), (shadow.Policy.Id.Name, shadow.Namespace));
        Assert.Equal("app/web", Assert.Single(shadow.Pods).DisplayName);
        Assert.Empty(shadow.NamespacePolicies);
        Assert.Contains("ingress rule 1: Deny", Assert.Single(shadow.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_NamespacePoliciesOnlyAllow_StillLookClean_Reported() =>
        Assert.Equal(["app/allow-web"], Assert.Single(GlobalPolicyShadowing.Find(Snapshot(Pods, DenyApp, AllowWeb))).NamespacePolicies);

    [Fact]
    public void Find_NamespaceHasItsOwnDeny_NotReported() =>
        Assert.Empty(GlobalPolicyShadowing.Find(Snapshot(Pods, DenyApp, DenyInApp)));

    [Fact]
    public void Find_GnpWithOnlyAllowRules_NotReported() =>
        Assert.Empty(GlobalPolicyShadowing.Find(Snapshot(Pods, DenyApp.Replace("action: Deny", "action: Allow", StringComparison.Ordinal))));

    [Fact]
    public void Find_GnpGoverningEgressWithNoRules_IsDefaultDeny()
    {
        var defaultDeny = """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: default-deny}
            spec: {selector: all(), types: [Egress]}
            """;

        var found = GlobalPolicyShadowing.Find(Snapshot(Pods, defaultDeny));

        Assert.Equal(["app", "data"], found.Select(f => f.Namespace));
        Assert.Contains("governs Egress with no rules", found[0].Reasons[0], StringComparison.Ordinal);
    }
}
