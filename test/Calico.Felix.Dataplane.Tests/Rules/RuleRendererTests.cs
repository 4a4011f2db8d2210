using Calico.Api.Values;
using Calico.Felix.Calc.IpSets;
using Calico.Felix.Dataplane.Rules;
using Calico.Policy.Effective;
using static Calico.Felix.Dataplane.Tests.Infrastructure.Samples;

namespace Calico.Felix.Dataplane.Tests.Rules;

public sealed class RuleRendererTests
{
    private static readonly Calico.Selectors.Selector Web = Sel("role == 'web'");
    private static readonly Calico.Selectors.Selector Db = Sel("role == 'db'");

    [Fact]
    public void Render_EmptyRule_OneRuleForBothVersionsPerAction()
    {
        Assert.Equal([Allow], Render(Rule(RuleAction.Allow)));
        Assert.Equal(["drop"], Render(Rule(RuleAction.Deny)));
        Assert.Equal([PassAction], Render(Rule(RuleAction.Pass)));
        Assert.Equal(["log prefix \"calico-packet: \""], Render(Rule(RuleAction.Log)));
    }

    [Fact]
    public void Render_ProtocolPortsAndRanges_THeaderPortsAfterTheProtocol()
    {
        var rule = Rule(RuleAction.Deny) with
        {
            Protocol = Protocol.Tcp,
            Destination = new EffectiveEntityRule { Ports = [Port.Single(80), Port.Range(8000, 8080)] },
        };

        Assert.Equal(["meta l4proto 6 th dport { 80, 8000-8080 } drop"], Render(rule));
    }

    [Fact]
    public void Render_SourcePortsAndDestinationNotPorts_BothSides()
    {
        var rule = Rule() with
        {
            Protocol = Protocol.Udp,
            Source = new EffectiveEntityRule { Ports = [Port.Single(53)] },
            Destination = new EffectiveEntityRule { NotPorts = [Port.Range(1, 1023)] },
        };

        Assert.Equal([$"meta l4proto 17 th sport 53 th dport != 1-1023 {Allow}"], Render(rule));
    }

    [Fact]
    public void Render_NotProtocol_NegatedL4Proto()
    {
        Assert.Equal(["meta l4proto != 1 drop"], Render(Rule(RuleAction.Deny) with { NotProtocol = Protocol.FromNumber(1) }));
    }

    [Fact]
    public void Render_IpVersion_OnlyThatVersionPinnedByNfproto()
    {
        Assert.Equal([$"meta nfproto ipv6 meta l4proto 6 {Allow}"], Render(Rule() with { IpVersion = 6, Protocol = Protocol.Tcp }));
        Assert.Equal([$"meta nfproto ipv4 {Allow}"], Render(Rule() with { IpVersion = 4 }));
    }

    [Fact]
    public void Render_NetsOfBothVersions_OneRulePerVersionWithItsOwnNets()
    {
        var rule = Rule() with
        {
            Source = new EffectiveEntityRule { Nets = [Net("10.0.0.0/8"), Net("fd00::/8"), Net("192.168.1.1/32")] },
            Destination = new EffectiveEntityRule { NotNets = [Net("10.1.0.0/16"), Net("fd00:1::/64")] },
        };

        Assert.Equal(
        [
            $"ip saddr {{ 10.0.0.0/8, 192.168.1.1 }} ip daddr != 10.1.0.0/16 {Allow}",
            $"ip6 saddr fd00::/8 ip6 daddr != fd00:1::/64 {Allow}",
        ], Render(rule));
    }

    [Fact]
    public void Render_NetsOfOneVersion_NotRenderedForTheOther()
    {
        var v4Only = Rule() with { Source = new EffectiveEntityRule { Nets = [Net("10.0.0.0/8")] } };

        Assert.Equal([$"ip saddr 10.0.0.0/8 {Allow}"], Render(v4Only));
        Assert.Empty(Render(v4Only with { IpVersion = 6 }));
    }

    [Fact]
    public void Render_NegatedCatchAll_RuleDroppedForThatVersion()
    {
        Assert.Empty(Render(Rule() with { Destination = new EffectiveEntityRule { NotNets = [Net("0.0.0.0/0")] } }));
        Assert.Equal(
            [$"ip daddr != 10.0.0.0/8 {Allow}"],
            Render(Rule() with { Destination = new EffectiveEntityRule { NotNets = [Net("10.0.0.0/8"), Net("::/0")] } }));
    }

    [Fact]
    public void Render_IcmpTypeAndCode_IcmpForV4AndIcmpv6ForV6()
    {
        var rule = Rule() with { Icmp = new IcmpMatch(8, 0) };

        Assert.Equal(
        [
            $"meta nfproto ipv4 meta l4proto 1 icmp type 8 icmp code 0 {Allow}",
            $"meta nfproto ipv6 meta l4proto 58 icmpv6 type 8 icmpv6 code 0 {Allow}",
        ], Render(rule));
    }

    [Fact]
    public void Render_IcmpWithProtocol_OnlyTheVersionWhoseIcmpItIs()
    {
        Assert.Equal([$"meta nfproto ipv4 meta l4proto 1 icmp type 8 {Allow}"], Render(Rule() with { Protocol = Protocol.FromNumber(1), Icmp = new IcmpMatch(8, null) }));
        Assert.Equal([$"meta nfproto ipv6 meta l4proto 58 icmpv6 type 128 {Allow}"], Render(Rule() with { Protocol = Protocol.FromNumber(58), Icmp = new IcmpMatch(128, null) }));
        Assert.Empty(Render(Rule() with { Protocol = Protocol.Tcp, Icmp = new IcmpMatch(8, null) }));
        Assert.Equal(
            [$"meta nfproto ipv6 meta l4proto != 1 meta l4proto 58 icmpv6 type 1 {Allow}"],
            Render(Rule() with { NotProtocol = Protocol.FromNumber(1), Icmp = new IcmpMatch(1, null) }));
    }

    [Fact]
    public void Render_NotIcmp_IcmpRequiredAndTypeOrTypeCodeExcluded()
    {
        Assert.Equal(
        [
            "meta nfproto ipv4 meta l4proto 1 icmp type != 3 drop",
            "meta nfproto ipv6 meta l4proto 58 icmpv6 type != 3 drop",
        ], Render(Rule(RuleAction.Deny) with { NotIcmp = new IcmpMatch(3, null) }));
        Assert.Equal(
            ["meta nfproto ipv4 meta l4proto 1 icmp type . icmp code != { 3 . 1 } drop"],
            Render(Rule(RuleAction.Deny) with { IpVersion = 4, NotIcmp = new IcmpMatch(3, 1) }));
    }

    [Fact]
    public void Render_Selector_MatchSetPerVersion()
    {
        var rule = Rule() with { Source = new EffectiveEntityRule { Selector = Web } };

        Assert.Equal([$"ip saddr @{SetOf(Web)} {Allow}", $"ip6 saddr @{SetOf(Web, 6)} {Allow}"], Render(rule));
        Assert.StartsWith("cali40s-", SetOf(Web), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NotSelectorAlone_ExcludeSet()
    {
        var rule = Rule(RuleAction.Deny) with { Destination = new EffectiveEntityRule { NotSelector = Db } };

        Assert.Equal([$"ip daddr != @{SetOf(Db)} drop", $"ip6 daddr != @{SetOf(Db, 6)} drop"], Render(rule));
    }

    [Fact]
    public void Render_SelectorAndNotSelector_FoldedIntoOneMatchSet()
    {
        var rule = Rule() with { Source = new EffectiveEntityRule { Selector = Web, NotSelector = Db }, IpVersion = 4 };
        var folded = Sel($"({Web.Canonical}) && (!({Db.Canonical}))");

        Assert.Equal([$"ip saddr @{SetOf(folded)} {Allow}"], Render(rule));
    }

    [Fact]
    public void Render_NumericAndNamedPorts_OneRulePerAlternative()
    {
        var rule = Rule() with
        {
            Protocol = Protocol.Tcp,
            Destination = new EffectiveEntityRule { Selector = Web, Ports = [Port.Single(80), Port.Named("http"), Port.Named("https")] },
        };

        Assert.Equal(
        [
            $"meta l4proto 6 ip daddr @{SetOf(Web)} th dport 80 {Allow}",
            $"meta l4proto 6 ip daddr @{SetOf(Web)} ip daddr . meta l4proto . th dport @{NamedSetOf(Web, 6, "http")} {Allow}",
            $"meta l4proto 6 ip daddr @{SetOf(Web)} ip daddr . meta l4proto . th dport @{NamedSetOf(Web, 6, "https")} {Allow}",
            $"meta l4proto 6 ip6 daddr @{SetOf(Web, 6)} th dport 80 {Allow}",
            $"meta l4proto 6 ip6 daddr @{SetOf(Web, 6)} ip6 daddr . meta l4proto . th dport @{NamedSetOf(Web, 6, "http", 6)} {Allow}",
            $"meta l4proto 6 ip6 daddr @{SetOf(Web, 6)} ip6 daddr . meta l4proto . th dport @{NamedSetOf(Web, 6, "https", 6)} {Allow}",
        ], Render(rule));
        Assert.StartsWith("cali40n-", NamedSetOf(Web, 6, "http"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NamedSourcePortWithUdp_SourceKeyAndUdpSet()
    {
        var rule = Rule() with { IpVersion = 4, Protocol = Protocol.Udp, Source = new EffectiveEntityRule { Ports = [Port.Named("dns")] } };

        Assert.Equal([$"meta l4proto 17 ip saddr . meta l4proto . th sport @{NamedSetOf(Calico.Selectors.Selector.Parse("all()"), 17, "dns")} {Allow}"], Render(rule));
    }

    [Fact]
    public void Render_NotNamedPortsWithoutProtocol_NegatedLookupOnTheTcpSetOfAll()
    {
        var rule = Rule(RuleAction.Deny) with { IpVersion = 4, Destination = new EffectiveEntityRule { NotPorts = [Port.Named("metrics")] } };

        Assert.Equal([$"ip daddr . meta l4proto . th dport != @{NamedSetOf(Sel("all()"), 6, "metrics")} drop"], Render(rule));
    }

    [Fact]
    public void Render_AlternativesOnBothSides_CrossProduct()
    {
        var rule = Rule() with
        {
            IpVersion = 4,
            Protocol = Protocol.Tcp,
            Source = new EffectiveEntityRule { Ports = [Port.Single(1000), Port.Named("client")] },
            Destination = new EffectiveEntityRule { Ports = [Port.Single(80), Port.Named("http")] },
        };

        var rules = Render(rule);

        Assert.Equal(4, rules.Count);
        Assert.Equal($"meta nfproto ipv4 meta l4proto 6 th sport 1000 th dport 80 {Allow}", rules[0]);
        Assert.Equal($"meta l4proto 6 ip saddr . meta l4proto . th sport @{NamedSetOf(Sel("all()"), 6, "client")} ip daddr . meta l4proto . th dport @{NamedSetOf(Sel("all()"), 6, "http")} {Allow}", rules[3]);
    }

    [Fact]
    public void Render_LogWithAlternatives_AlternativesMadeDisjointSoAPacketIsLoggedOnce()
    {
        var rule = Rule(RuleAction.Log) with { IpVersion = 4, Protocol = Protocol.Tcp, Destination = new EffectiveEntityRule { Ports = [Port.Single(80), Port.Named("http")] } };
        var http = NamedSetOf(Sel("all()"), 6, "http");

        Assert.Equal(
        [
            "meta nfproto ipv4 meta l4proto 6 th dport 80 log prefix \"calico-packet: \"",
            $"meta l4proto 6 th dport != 80 ip daddr . meta l4proto . th dport @{http} log prefix \"calico-packet: \"",
        ], Render(rule));
    }

    [Fact]
    public void Render_ServiceMatch_NeverMatchesSoNothing()
    {
        var rule = Rule() with { Destination = new EffectiveEntityRule { Services = new ServiceMatch { Name = "svc", Namespace = "ns" } } };

        Assert.Empty(Render(rule));
    }

    [Fact]
    public void Render_HttpMatch_IgnoredMatchesOnL3L4()
    {
        var rule = Rule() with { Protocol = Protocol.Tcp, HasHttpMatch = true };

        Assert.Equal([$"meta l4proto 6 {Allow}"], Render(rule));
    }

    [Fact]
    public void Render_NumericPortsWithoutProtocol_RestrictedToPortProtocols()
    {
        var rule = Rule() with { Destination = new EffectiveEntityRule { Ports = [Port.Single(80)] } };

        Assert.Equal([$"meta l4proto {{ 6, 17, 132 }} th dport 80 {Allow}"], Render(rule));
    }

    [Fact]
    public void Render_MissingSets_TreatedAsEmptyAndReported()
    {
        var missing = new HashSet<IpSetId>();
        var matchMissing = Rule() with { IpVersion = 4, Source = new EffectiveEntityRule { Selector = Web } };
        var excludeMissing = Rule() with { IpVersion = 4, Source = new EffectiveEntityRule { NotSelector = Db } };
        var namedMissing = Rule() with { IpVersion = 4, Protocol = Protocol.Tcp, Destination = new EffectiveEntityRule { Ports = [Port.Single(80), Port.Named("http")] } };

        Assert.Empty(Render(matchMissing, _ => false, missing));
        Assert.Equal([$"meta nfproto ipv4 {Allow}"], Render(excludeMissing, _ => false, missing));
        Assert.Equal([$"meta nfproto ipv4 meta l4proto 6 th dport 80 {Allow}"], Render(namedMissing, _ => false, missing));
        Assert.Equal(3, missing.Count);
        Assert.Contains(IpSetDescriptor.ForSelector(Web).Id, missing);
    }

    [Fact]
    public void Render_EveryRenderedRule_IsAcceptedByTheNftRuleModel()
    {
        // The Rule constructor validates statements (one rule, references well formed): rendering a rich rule must not throw.
        var rule = Rule(RuleAction.Pass) with
        {
            Protocol = Protocol.Sctp,
            Source = new EffectiveEntityRule { Nets = [Net("10.0.0.0/8"), Net("fd00::/8")], NotSelector = Db, NotPorts = [Port.Single(9)] },
            Destination = new EffectiveEntityRule { Selector = Web, Ports = [Port.Named("x")], NotPorts = [Port.Named("y")] },
        };

        var rules = Render(rule);

        Assert.Equal(2, rules.Count);
        Assert.All(rules, r => Assert.EndsWith(PassAction, r, StringComparison.Ordinal));
    }

    private static List<string> Render(EffectiveRule rule, Predicate<IpSetId>? isActive = null, ISet<IpSetId>? missing = null)
    {
        var output = new List<Nftables.Rule>();
        new RuleRenderer(FilterRulesOptions.Default).Render(rule, isActive ?? (_ => true), output, missing);
        return [.. output.Select(r => r.Statement)];
    }
}
