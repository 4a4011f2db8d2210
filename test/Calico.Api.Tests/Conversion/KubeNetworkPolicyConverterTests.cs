using Calico.Api.Conversion;
using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Api.Values;

namespace Calico.Api.Tests.Conversion;

public class KubeNetworkPolicyConverterTests
{
    private static NetworkPolicy Convert(string spec) =>
        KubeNetworkPolicyConverter.Convert((KubeNetworkPolicy)ResourceCodec.Decode(
            $"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: web, namespace: app}}\nspec: {spec}", "k.yaml").Single().Resource);

    [Fact]
    public void Convert_Basics_NameTierOrderSelector()
    {
        var policy = Convert("{podSelector: {matchLabels: {role: db, app: web}}}");

        Assert.Equal("knp.default.web", policy.Name);
        Assert.Equal("app", policy.Namespace);
        Assert.Equal("default", policy.Spec.Tier);
        Assert.Equal(1000, policy.Spec.Order);
        Assert.Equal("projectcalico.org/orchestrator == 'k8s' && app == 'web' && role == 'db'", policy.Spec.Selector);
        Assert.Equal([PolicyType.Ingress], policy.Spec.Types);
    }

    [Fact]
    public void Convert_MatchExpressions_BecomeCalicoTerms()
    {
        var policy = Convert("{podSelector: {matchExpressions: [{key: a, operator: In, values: [x, y]}, {key: b, operator: NotIn, values: [z]}, {key: c, operator: Exists}, {key: d, operator: DoesNotExist}]}}");

        Assert.Equal("projectcalico.org/orchestrator == 'k8s' && a in { 'x', 'y' } && b not in { 'z' } && has(c) && ! has(d)", policy.Spec.Selector);
        Assert.True(Calico.Selectors.Selector.TryParse(policy.Spec.Selector!, out _, out _));
    }

    [Fact]
    public void Convert_EgressRulesWithoutPolicyTypes_DefaultsToIngressAndEgress()
    {
        var policy = Convert("{podSelector: {}, egress: [{}]}");
        Assert.Equal([PolicyType.Ingress, PolicyType.Egress], policy.Spec.Types);
    }

    [Fact]
    public void Convert_EmptyIngressRule_AllowsFromAnywhere()
    {
        var rule = Assert.Single(Convert("{podSelector: {}, ingress: [{}]}").Spec.Ingress!);

        Assert.Equal(RuleAction.Allow, rule.Action);
        Assert.Null(rule.Source);
        Assert.Null(rule.Destination);
        Assert.Null(rule.Protocol);
    }

    [Fact]
    public void Convert_PeersAndProtocols_OneRulePerPeerAndProtocolSorted()
    {
        var rules = Convert("{podSelector: {}, ingress: [{from: [{podSelector: {matchLabels: {app: fe}}}, {namespaceSelector: {}}], ports: [{port: 80}, {protocol: UDP, port: 53}, {port: 81}]}]}").Spec.Ingress!;

        Assert.Equal(4, rules.Count);
        Assert.Equal(["TCP", "UDP", "TCP", "UDP"], rules.Select(r => r.Protocol.ToString()));
        Assert.Equal("projectcalico.org/orchestrator == 'k8s' && app == 'fe'", rules[0].Source!.Selector);
        Assert.Null(rules[0].Source!.NamespaceSelector);
        Assert.Equal("80:81", Assert.Single(rules[0].Destination!.Ports!).ToString());
        Assert.Equal("all()", rules[2].Source!.NamespaceSelector);
        Assert.Equal("projectcalico.org/orchestrator == 'k8s'", rules[2].Source!.Selector);
    }

    [Fact]
    public void Convert_IpBlock_BecomesNetsAndNotNets()
    {
        var rule = Assert.Single(Convert("{podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}], ports: [{port: 443}]}]}").Spec.Egress!);

        Assert.Equal(["10.0.0.0/8"], rule.Destination!.Nets);
        Assert.Equal(["10.1.0.0/16"], rule.Destination.NotNets);
        Assert.Equal([Port.Single(443)], rule.Destination.Ports);
    }

    [Fact]
    public void Convert_EndPortAndNamedPort_BecomeRangeAndName()
    {
        var rule = Assert.Single(Convert("{podSelector: {}, ingress: [{ports: [{port: 1000, endPort: 2000}, {port: metrics}]}]}").Spec.Ingress!);

        Assert.Equal(["1000:2000", "metrics"], rule.Destination!.Ports!.Select(p => p.ToString()));
    }

    [Fact]
    public void Convert_ProtocolWithoutPort_MeansAllPortsOfThatProtocol()
    {
        var rule = Assert.Single(Convert("{podSelector: {}, ingress: [{ports: [{protocol: UDP}, {protocol: UDP, port: 53}]}]}").Spec.Ingress!);

        Assert.Equal("UDP", rule.Protocol.ToString());
        Assert.Null(rule.Destination);
    }

    [Fact]
    public void Convert_NamespaceAndPodSelectorTogether_BothInOnePeer()
    {
        var rule = Assert.Single(Convert("{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: x}}}]}]}").Spec.Ingress!);

        Assert.Equal("team == 'a'", rule.Source!.NamespaceSelector);
        Assert.Equal("projectcalico.org/orchestrator == 'k8s' && app == 'x'", rule.Source.Selector);
    }

    [Fact]
    public void PortRangeSimplifier_MergesAdjacentAndOverlapping()
    {
        var merged = PortRangeSimplifier.Simplify([Port.Single(80), Port.Range(81, 85), Port.Single(90), Port.Range(84, 88), Port.Named("http")]);
        Assert.Equal(["80:88", "90", "http"], merged.Select(p => p.ToString()));
    }
}
