using Calico.Api.Values;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Rules;
using Calico.Nftables;
using Calico.Policy.Ids;
using static Calico.Felix.Dataplane.Tests.Infrastructure.Samples;

namespace Calico.Felix.Dataplane.Tests.Rules;

public sealed class EndpointChainRendererTests
{
    private const string PassNotSet = "meta mark & 0x00020000 == 0";
    private const string ReturnIfAccepted = "meta mark & 0x00010000 == 0x00010000 return";

    private static readonly string[] Prologue =
    [
        "ct state established,related accept",
        "ct state invalid drop",
        "meta mark set meta mark & 0xfffcffff",
    ];

    private static readonly PolicyId DenyDb = PolicyId.Namespaced("ns", "deny-db");
    private static readonly PolicyId AllowWeb = PolicyId.Namespaced("ns", "allow-web");
    private static readonly PolicyId Baseline = PolicyId.Global("baseline");

    private readonly EndpointChainRenderer _renderer = new(FilterRulesOptions.Default);

    [Fact]
    public void RenderWorkload_NoTiersNoProfiles_DropsAfterThePrologue()
    {
        var chain = _renderer.RenderWorkload(Workload("a", "cali1"), PolicyType.Ingress, _ => true, _ => true);

        Assert.Equal("cali-tw-cali1", chain.Name.Value);
        Assert.Null(chain.Base);
        Assert.Equal([.. Prologue, "drop"], Statements(chain));
        Assert.Equal("Drop if no profiles matched", chain.Rules[^1].Comment);
    }

    [Fact]
    public void RenderWorkload_Egress_DropsEncapsulatedPacketsBeforePolicy()
    {
        var chain = _renderer.RenderWorkload(Workload("a", "cali1", profiles: ["kns.ns"]), PolicyType.Egress, _ => true, _ => true);

        Assert.Equal("cali-fw-cali1", chain.Name.Value);
        Assert.Equal(
        [
            .. Prologue,
            "meta l4proto 17 th dport 4789 drop",
            "meta l4proto 4 drop",
            "jump cali-pro-kns.ns",
            ReturnIfAccepted,
            "drop",
        ], Statements(chain));
        Assert.Equal("Drop VXLAN encapped packets originating in workloads", chain.Rules[3].Comment);
        Assert.Equal("Drop IPinIP encapped packets originating in workloads", chain.Rules[4].Comment);
    }

    [Fact]
    public void RenderWorkload_EncapsulationAllowed_NoEncapDrops()
    {
        var renderer = new EndpointChainRenderer(FilterRulesOptions.Default with { AllowVxlanFromWorkloads = true, AllowIpipFromWorkloads = true });

        var chain = renderer.RenderWorkload(Workload("a", "cali1"), PolicyType.Egress, _ => true, _ => true);

        Assert.Equal([.. Prologue, "drop"], Statements(chain));
    }

    [Fact]
    public void RenderWorkload_TiersWithDenyAndPassDefaults_JumpsGuardedByPassAndEndOfTierDrop()
    {
        var endpoint = Workload(
            "a",
            "cali1",
            tiers:
            [
                Tier("security", TierDefaultAction.Pass, ingress: [DenyDb]),
                Tier("default", TierDefaultAction.Deny, ingress: [AllowWeb, Baseline], egress: [Baseline]),
            ],
            profiles: ["kns.ns", "ksa.ns.default"]);

        var chain = _renderer.RenderWorkload(endpoint, PolicyType.Ingress, _ => true, _ => true);

        Assert.Equal(
        [
            .. Prologue,
            "meta mark set meta mark & 0xfffdffff",
            $"{PassNotSet} jump cali-pi-ns_deny-db",
            ReturnIfAccepted,
            "meta mark set meta mark & 0xfffdffff",
            $"{PassNotSet} jump cali-pi-ns_allow-web",
            ReturnIfAccepted,
            $"{PassNotSet} jump cali-pi-baseline",
            ReturnIfAccepted,
            $"{PassNotSet} drop",
            "jump cali-pri-kns.ns",
            ReturnIfAccepted,
            "jump cali-pri-ksa.ns.default",
            ReturnIfAccepted,
            "drop",
        ], Statements(chain));
        Assert.Equal(
        [
            null, null, null,
            "Start of tier security", "Policy ns/deny-db", "Return if policy accepted",
            "Start of tier default", "Policy ns/allow-web", "Return if policy accepted", "Policy baseline", "Return if policy accepted",
            "End of tier default. Drop if no policies passed packet",
            "Profile kns.ns", "Return if profile accepted", "Profile ksa.ns.default", "Return if profile accepted",
            "Drop if no profiles matched",
        ], chain.Rules.Select(r => r.Comment));
    }

    [Fact]
    public void RenderWorkload_TierWithoutPoliciesInThisDirection_Skipped()
    {
        var endpoint = Workload("a", "cali1", tiers: [Tier("default", TierDefaultAction.Deny, ingress: [AllowWeb])]);

        var chain = _renderer.RenderWorkload(endpoint, PolicyType.Egress, _ => true, _ => true);

        Assert.DoesNotContain(chain.Rules, r => r.Statement.Contains("jump", StringComparison.Ordinal) || r.Comment?.StartsWith("End of tier", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void RenderWorkload_ProblemsInThisDirection_DropWithTheReasonBeforeAnyPolicy()
    {
        var endpoint = Workload(
            "a",
            "cali1",
            tiers: [Tier("default", TierDefaultAction.Deny, ingress: [AllowWeb])],
            problems: [new EndpointProblem(PolicyType.Ingress, "policy ns/x is in tier \"missing\" which does not exist"), new EndpointProblem(PolicyType.Egress, "other")]);

        var chain = _renderer.RenderWorkload(endpoint, PolicyType.Ingress, _ => true, _ => true);

        Assert.Equal("drop", chain.Rules[3].Statement);
        Assert.Equal("Fail closed: policy ns/x is in tier 'missing' which does not exist", chain.Rules[3].Comment);
        Assert.Equal(1, chain.Rules.Count(r => r.Comment?.StartsWith("Fail closed", StringComparison.Ordinal) == true));
    }

    [Fact]
    public void RenderWorkload_PolicyNotActive_FailsClosedAndProfileNotActive_Skipped()
    {
        var endpoint = Workload("a", "cali1", tiers: [Tier("default", TierDefaultAction.Pass, ingress: [AllowWeb])], profiles: ["gone", "kns.ns"]);

        var chain = _renderer.RenderWorkload(endpoint, PolicyType.Ingress, id => id != AllowWeb, p => p != "gone");

        Assert.Equal(
        [
            .. Prologue,
            "meta mark set meta mark & 0xfffdffff",
            $"{PassNotSet} drop",
            "jump cali-pri-kns.ns",
            ReturnIfAccepted,
            "drop",
        ], Statements(chain));
        Assert.Equal("Policy ns/allow-web is not programmed: fail closed", chain.Rules[4].Comment);
    }

    [Fact]
    public void RenderHost_Ingress_FailsafeFirstThenPolicy()
    {
        var endpoint = Host("eth0", "eth0", tiers: [Tier("default", TierDefaultAction.Deny, ingress: [Baseline])]);

        var chain = _renderer.RenderHost(endpoint, PolicyType.Ingress, _ => true, _ => true);

        Assert.Equal("cali-fh-eth0", chain.Name.Value);
        Assert.Equal(
        [
            .. Prologue,
            "jump cali-failsafe-in",
            "meta mark set meta mark & 0xfffdffff",
            $"{PassNotSet} jump cali-pi-baseline",
            ReturnIfAccepted,
            $"{PassNotSet} drop",
            "drop",
        ], Statements(chain));
        Assert.Equal("cali-th-eth0", _renderer.RenderHost(endpoint, PolicyType.Egress, _ => true, _ => true).Name.Value);
    }

    [Fact]
    public void RenderHostForward_OnlyWithForwardPolicyInThatDirection()
    {
        var endpoint = Host("eth0", "eth0", forwardTiers: [Tier("default", TierDefaultAction.Deny, egress: [Baseline])]);

        Assert.Null(_renderer.RenderHostForward(endpoint, PolicyType.Ingress, _ => true));
        var chain = _renderer.RenderHostForward(endpoint, PolicyType.Egress, _ => true)!;
        Assert.Equal("cali-thfw-eth0", chain.Name.Value);
        Assert.Equal(
        [
            .. Prologue,
            "meta mark set meta mark & 0xfffdffff",
            $"{PassNotSet} jump cali-po-baseline",
            ReturnIfAccepted,
            $"{PassNotSet} drop",
            "drop",
        ], Statements(chain));
    }

    private static List<string> Statements(Chain chain) => [.. chain.Rules.Select(r => r.Statement)];
}
