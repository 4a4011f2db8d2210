using System.Net;
using Calico.Api.Values;
using Calico.Policy.Evaluation;
using Calico.Policy.Ids;
using Calico.Policy.Tests.Support;

namespace Calico.Policy.Tests.Evaluation;

public class TraceTests
{
    private const string DenyAllIngressX = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: deny-all
          namespace: x
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        """;

    [Fact]
    public void Evaluate_NoPolicy_ProfileKnsAllowsBothDirections()
    {
        var model = KubeModel.Model(string.Empty);

        var verdict = model.Evaluate(Flow.Tcp(model.Snapshot.Workload("x", "a"), model.Snapshot.Workload("y", "b"), 80));

        Assert.True(verdict.Allowed);
        Assert.Equal("no policy applied: profile kns.x rule 0 Allow", verdict.Egress!.Decision.Text);
        Assert.Equal(TraceStepKind.ProfileRuleMatched, verdict.Egress.Decision.Kind);
        Assert.Equal("kns.x", verdict.Egress.Decision.Profile);
        Assert.Equal(0, verdict.Egress.Decision.RuleIndex);
        Assert.Equal("no policy applied: profile kns.y rule 0 Allow", verdict.Ingress!.Decision.Text);
    }

    [Fact]
    public void Evaluate_PolicyWithoutIngressRules_EndOfTierDefaultDeny()
    {
        var model = KubeModel.Model(DenyAllIngressX);

        var verdict = model.Evaluate(Flow.Tcp(model.Snapshot.Workload("y", "a"), model.Snapshot.Workload("x", "a"), 80));

        Assert.False(verdict.Allowed);
        Assert.Equal(
            [
                "tier default (order 1000000, default Deny)",
                "policy x/knp.default.deny-all (order 1000): no ingress rules",
                "end of tier default: default Deny",
            ],
            verdict.Ingress!.Steps.Select(s => s.Text));
        Assert.Equal(TraceStepKind.TierDefaultAction, verdict.Ingress.Decision.Kind);
        Assert.Equal(RuleAction.Deny, verdict.Ingress.Decision.Action);
        Assert.Equal("default", verdict.Ingress.Decision.Tier);
    }

    [Fact]
    public void ToString_DeniedFlow_PrintsTheWholeTrace()
    {
        var model = KubeModel.Model(DenyAllIngressX);

        var verdict = model.Evaluate(Flow.Tcp(model.Snapshot.Workload("y", "a"), model.Snapshot.Workload("x", "a"), 80));

        Assert.Equal(
            """
            DENY TCP y/a (10.0.2.1) -> x/a (10.0.1.1):80
              egress of y/a: allow (no policy applied: profile kns.y rule 0 Allow)
                no policy applied: profile kns.y rule 0 Allow
              ingress of x/a: deny (end of tier default: default Deny)
                tier default (order 1000000, default Deny)
                  policy x/knp.default.deny-all (order 1000): no ingress rules
                end of tier default: default Deny
            """.ReplaceLineEndings("\n"),
            verdict.ToString());
    }

    [Fact]
    public void Evaluate_MatchingRule_RecordsPolicyRuleIndexAndAction()
    {
        var model = KubeModel.Model("""
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata:
              name: web
              namespace: x
            spec:
              order: 10
              selector: pod == 'a'
              ingress:
              - action: Log
              - action: Deny
                protocol: UDP
              - action: Allow
                source:
                  selector: pod == 'b'
            """);

        var verdict = model.Evaluate(Flow.Tcp(model.Snapshot.Workload("x", "b"), model.Snapshot.Workload("x", "a"), 80));

        Assert.True(verdict.Allowed);
        var steps = verdict.Ingress!.Steps;
        Assert.Equal(
            [
                "tier default (order 1000000, default Deny)",
                "policy x/web (order 10): rule 0 Log (continuing)",
                "policy x/web (order 10): rule 2 Allow",
            ],
            steps.Select(s => s.Text));
        Assert.Equal(TraceStepKind.RuleLogged, steps[1].Kind);
        Assert.Equal(PolicyId.Namespaced("x", "web"), steps[2].Policy);
        Assert.Equal(2, steps[2].RuleIndex);
        Assert.Equal(RuleAction.Allow, steps[2].Action);
        Assert.Equal(1, steps[2].Depth);
    }

    [Fact]
    public void Evaluate_PassRule_GoesToTheNextTierThenProfiles()
    {
        var model = KubeModel.Model("""
            apiVersion: projectcalico.org/v3
            kind: Tier
            metadata:
              name: security
            spec:
              order: 100
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: security.pass-all
            spec:
              tier: security
              selector: all()
              ingress:
              - action: Pass
            ---
            apiVersion: projectcalico.org/v3
            kind: Tier
            metadata:
              name: baseline
            spec:
              order: 2000000
              defaultAction: Pass
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: baseline.nothing
            spec:
              tier: baseline
              selector: all()
              ingress:
              - action: Deny
                protocol: UDP
            """);

        var verdict = model.Evaluate(Flow.Tcp(model.Snapshot.Workload("x", "b"), model.Snapshot.Workload("x", "a"), 80));

        Assert.True(verdict.Allowed);
        Assert.Equal(
            [
                "tier security (order 100, default Deny)",
                "policy security.pass-all (no order): rule 0 Pass",
                "tier baseline (order 2000000, default Pass)",
                "policy baseline.nothing (no order): no rule matched",
                "end of tier baseline: default Pass",
                "all tiers passed: profile kns.x rule 0 Allow",
            ],
            verdict.Ingress!.Steps.Select(s => s.Text));
    }

    [Fact]
    public void Evaluate_NoProfiles_NoProfileMatchedDrop()
    {
        var resources = KubeModel.Yaml("""
            apiVersion: projectcalico.org/v3
            kind: WorkloadEndpoint
            metadata:
              name: lonely
              namespace: ns1
            spec:
              ipNetworks: [10.5.0.1/32]
              profiles: [missing]
            """);
        var model = PolicyModel.Create(resources);

        var verdict = model.Evaluate(Flow.Tcp(IPAddress.Parse("10.5.0.2"), model.Snapshot.Workload("ns1", "lonely"), 80));

        Assert.False(verdict.Allowed);
        Assert.Null(verdict.Egress);
        Assert.Equal(
            ["profile missing: not found, skipped", "no policy applied: no profile matched: drop"],
            verdict.Ingress!.Steps.Select(s => s.Text));
        Assert.Equal(TraceStepKind.NoProfileMatched, verdict.Ingress.Decision.Kind);
    }

    [Fact]
    public void Evaluate_ProfileOrder_FirstDecidingProfileWins()
    {
        var model = KubeModel.Model("""
            apiVersion: projectcalico.org/v3
            kind: Profile
            metadata:
              name: deny-udp-in
            spec:
              ingress:
              - action: Deny
                protocol: UDP
              - action: Pass
                protocol: TCP
            """, extraProfilesForX: ["deny-udp-in"]);

        var udp = model.Evaluate(Flow.Udp(model.Snapshot.Workload("y", "a"), model.Snapshot.Workload("x", "a"), 80));
        var tcp = model.Evaluate(Flow.Tcp(model.Snapshot.Workload("y", "a"), model.Snapshot.Workload("x", "a"), 80));

        Assert.False(udp.Allowed);
        Assert.Equal("no policy applied: profile deny-udp-in rule 0 Deny", udp.Ingress!.Decision.Text);
        Assert.True(tcp.Allowed);
        Assert.Equal(
            ["profile deny-udp-in: rule 1 Pass (next profile)", "no policy applied: profile kns.x rule 0 Allow"],
            tcp.Ingress!.Steps.Select(s => s.Text));
    }

    [Fact]
    public void Evaluate_EgressDenied_IngressIsNotEvaluated()
    {
        var model = KubeModel.Model("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: no-egress
              namespace: x
            spec:
              podSelector: {}
              policyTypes: [Egress]
            """);

        var verdict = model.Evaluate(Flow.Tcp(model.Snapshot.Workload("x", "a"), model.Snapshot.Workload("y", "a"), 80));

        Assert.False(verdict.Allowed);
        Assert.False(verdict.Egress!.Allowed);
        Assert.Null(verdict.Ingress);
        Assert.Equal("egress of x/a: deny (end of tier default: default Deny)", verdict.Egress.Summary);
    }

    [Fact]
    public void Evaluate_BareAddresses_OnlyTheKnownSideIsEvaluated()
    {
        var model = KubeModel.Model(string.Empty);

        var outbound = model.Evaluate(Flow.Tcp(model.Snapshot.Workload("x", "a"), IPAddress.Parse("8.8.8.8"), 443));
        var neither = model.Evaluate(Flow.Udp(IPAddress.Parse("8.8.8.8"), IPAddress.Parse("1.1.1.1"), 53));

        Assert.True(outbound.Allowed);
        Assert.NotNull(outbound.Egress);
        Assert.Null(outbound.Ingress);
        Assert.Equal("ALLOW TCP x/a (10.0.1.1) -> 8.8.8.8:443", outbound.Summary);
        Assert.True(neither.Allowed);
        Assert.Null(neither.Egress);
        Assert.Null(neither.Ingress);
        Assert.Equal("ALLOW UDP 8.8.8.8 -> 1.1.1.1:53", neither.ToString());
    }

    [Fact]
    public void Evaluate_SameEndpoint_IsNotPoliced()
    {
        var model = KubeModel.Model(DenyAllIngressX);

        var verdict = model.Evaluate(Flow.Tcp(model.Snapshot.Workload("x", "a"), model.Snapshot.Workload("x", "a"), 80));

        Assert.True(verdict.Allowed);
        Assert.Equal(TraceStepKind.NotPoliced, Assert.Single(verdict.Notes).Kind);
        Assert.Null(verdict.Ingress);
    }

    [Fact]
    public void Evaluate_IcmpFlow_SummaryShowsTypeAndCode()
    {
        var model = KubeModel.Model(string.Empty);

        var verdict = model.Evaluate(Flow.Icmp(model.Snapshot.Workload("x", "a"), model.Snapshot.Workload("x", "b")));

        Assert.Equal("ALLOW ICMP x/a (10.0.1.1) -> x/b (10.0.1.2) type 8 code 0", verdict.Summary);
    }
}
