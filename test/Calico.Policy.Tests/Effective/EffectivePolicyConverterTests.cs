using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Api.Values;
using Calico.Policy.Effective;
using Calico.Policy.Ids;
using Calico.Policy.Tests.Support;

namespace Calico.Policy.Tests.Effective;

public class EffectivePolicyConverterTests
{
    [Fact]
    public void FromNetworkPolicy_Defaults_TierDefaultTypesIngressApplyOnForward()
    {
        var policy = Single<NetworkPolicy>("""
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: p
              namespace: ns1
            spec:
              selector: app == 'web'
              ingress:
              - action: Allow
            """);

        var effective = EffectivePolicyConverter.FromNetworkPolicy(policy);

        Assert.Equal(PolicyId.Namespaced("ns1", "p"), effective.Id);
        Assert.Equal("default", effective.Tier);
        Assert.Null(effective.Order);
        Assert.Equal([PolicyType.Ingress], effective.Types);
        Assert.True(effective.ApplyOnForward);
        Assert.Equal("(app == \"web\" && projectcalico.org/namespace == \"ns1\")", effective.Selector.Canonical);
    }

    [Theory]
    [InlineData(true, false, new[] { PolicyType.Ingress })]
    [InlineData(false, true, new[] { PolicyType.Egress })]
    [InlineData(true, true, new[] { PolicyType.Ingress, PolicyType.Egress })]
    [InlineData(false, false, new[] { PolicyType.Ingress })]
    public void FromNetworkPolicy_NoTypes_DefaultsFromTheRules(bool ingress, bool egress, PolicyType[] expected)
    {
        var policy = new NetworkPolicy
        {
            Metadata = new() { Name = "p", Namespace = "ns1" },
            Spec = new NetworkPolicySpec
            {
                Ingress = ingress ? [new Rule { Action = RuleAction.Allow }] : null,
                Egress = egress ? [new Rule { Action = RuleAction.Allow }] : null,
            },
        };

        Assert.Equal(expected, EffectivePolicyConverter.FromNetworkPolicy(policy).Types);
    }

    [Fact]
    public void FromNetworkPolicy_NoNamespace_Throws()
    {
        Assert.Throws<ArgumentException>(() => EffectivePolicyConverter.FromNetworkPolicy(new NetworkPolicy { Metadata = new() { Name = "p" } }));
    }

    [Fact]
    public void FromKubernetesNetworkPolicy_Conversion_KnpNameOrder1000DefaultTier()
    {
        var policy = Single<KubeNetworkPolicy>("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: web
              namespace: ns1
            spec:
              podSelector:
                matchLabels:
                  app: web
            """);

        var effective = EffectivePolicyConverter.FromKubernetesNetworkPolicy(policy);

        Assert.Equal(new PolicyId(PolicyKind.KubernetesNetworkPolicy, "ns1", "knp.default.web"), effective.Id);
        Assert.Equal(PolicyId.Kubernetes("ns1", "web"), effective.Id);
        Assert.Equal(1000, effective.Order);
        Assert.Equal("default", effective.Tier);
        Assert.Equal([PolicyType.Ingress], effective.Types);
        Assert.Empty(effective.Ingress);
        Assert.Equal(
            "((projectcalico.org/orchestrator == \"k8s\" && app == \"web\") && projectcalico.org/namespace == \"ns1\")",
            effective.Selector.Canonical);
    }

    [Fact]
    public void FromGlobalNetworkPolicy_Flags_AreKept()
    {
        var policy = Single<GlobalNetworkPolicy>("""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: host-raw
            spec:
              tier: security
              order: 5
              selector: has(host)
              doNotTrack: true
              applyOnForward: true
              ingress:
              - action: Deny
            """);

        var effective = EffectivePolicyConverter.FromGlobalNetworkPolicy(policy);

        Assert.Equal(PolicyId.Global("host-raw"), effective.Id);
        Assert.Equal("security", effective.Tier);
        Assert.Equal(5, effective.Order);
        Assert.True(effective.DoNotTrack);
        Assert.False(effective.PreDnat);
        Assert.True(effective.ApplyOnForward);
        Assert.Equal(RuleAction.Deny, Assert.Single(effective.Ingress).Action);
    }

    [Fact]
    public void FromGlobalNetworkPolicy_Rules_AreNotScopedToANamespace()
    {
        var policy = Single<GlobalNetworkPolicy>("""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: g
            spec:
              ingress:
              - action: Allow
                source:
                  selector: role == 'db'
            """);

        var rule = Assert.Single(EffectivePolicyConverter.FromGlobalNetworkPolicy(policy).Ingress);

        Assert.Equal("role == \"db\"", rule.Source.Selector!.Canonical);
    }

    [Fact]
    public void Convert_Rule_ParsesNetsAndKeepsTheRest()
    {
        var rule = new Rule
        {
            Protocol = Protocol.Tcp,
            IpVersion = 4,
            Icmp = new IcmpFields { Code = 3 },
            NotIcmp = new IcmpFields { Type = 8, Code = 0 },
            Http = new HttpMatch { Methods = ["GET"] },
            Source = new EntityRule { Nets = ["10.0.0.1", "10.1.2.3/16", "not-a-net"], NotNets = ["fd00::/64"], NotSelector = "a == 'b'" },
            Destination = new EntityRule { Ports = [Port.Range(80, 81), Port.Named("http")], NotPorts = [Port.Single(8080)], Services = new ServiceMatch { Name = "dns", Namespace = "kube-system" } },
        };

        var effective = EffectiveRuleConverter.Convert(rule, "ns1");

        Assert.Equal(RuleAction.Allow, effective.Action);
        Assert.Equal(["10.0.0.1/32", "10.1.0.0/16"], effective.Source.Nets.Select(n => n.ToString()));
        Assert.Equal(["fd00::/64"], effective.Source.NotNets.Select(n => n.ToString()));
        Assert.Equal("projectcalico.org/namespace == \"ns1\"", effective.Source.Selector!.Canonical);
        Assert.Equal("a == \"b\"", effective.Source.NotSelector!.Canonical);
        Assert.Null(effective.Icmp);
        Assert.Equal(new IcmpMatch(8, 0), effective.NotIcmp);
        Assert.True(effective.HasHttpMatch);
        Assert.Equal([Port.Range(80, 81), Port.Named("http")], effective.Destination.Ports);
        Assert.Equal([Port.Single(8080)], effective.Destination.NotPorts);
        Assert.Equal("dns", effective.Destination.Services!.Name);
        Assert.Null(effective.Destination.Selector);
    }

    [Theory]
    [InlineData(null, 6)]
    [InlineData("TCP", 6)]
    [InlineData("UDP", 17)]
    [InlineData("SCTP", 132)]
    [InlineData("ICMP", 6)]
    public void NamedPortProtocolNumber_RuleProtocol_TcpUnlessUdpOrSctp(string? protocol, int expected)
    {
        var rule = new EffectiveRule { Protocol = protocol is null ? null : Parse(protocol) };

        Assert.Equal(expected, rule.NamedPortProtocolNumber);
    }

    [Fact]
    public void FromTier_NoDefaultAction_IsDeny()
    {
        var tier = EffectivePolicyConverter.FromTier(new Tier { Metadata = new() { Name = "t" }, Spec = new TierSpec { Order = 7 } });

        Assert.Equal(new EffectiveTier("t", 7, TierDefaultAction.Deny), tier);
    }

    [Fact]
    public void FromProfile_LabelsAndRules_AreKeptUnscoped()
    {
        var profile = EffectivePolicyConverter.FromProfile(new Profile
        {
            Metadata = new() { Name = "kns.ns1" },
            Spec = new ProfileSpec
            {
                Ingress = [new Rule { Action = RuleAction.Allow, Source = new EntityRule { Selector = "has(a)" } }],
                LabelsToApply = new(StringComparer.Ordinal) { ["pcns.team"] = "blue" },
            },
        });

        Assert.Equal("kns.ns1", profile.Name);
        Assert.Equal("has(a)", Assert.Single(profile.Ingress).Source.Selector!.Canonical);
        Assert.Empty(profile.Egress);
        Assert.Equal("blue", profile.LabelsToApply["pcns.team"]);
    }

    private static Protocol Parse(string text) => Protocol.TryParse(text, out var protocol, out _) ? protocol : throw new FormatException(text);

    private static T Single<T>(string yaml) => (T)(object)Assert.Single(KubeModel.Yaml(yaml));
}
