using Calico.Api.Resources;
using Calico.Felix.Calc.IpSets;
using Calico.Policy.Effective;
using static Calico.Felix.Calc.Tests.Support.Fixtures;

namespace Calico.Felix.Calc.Tests.IpSets;

public class RuleIpSetsTests
{
    [Fact]
    public void Source_SelectorAndNotSelector_OneMatchSetWithTheNotSelectorFoldedIn()
    {
        var sides = RuleIpSets.Source(Rule("source: {selector: app == 'web', notSelector: canary == 'true'}"));

        Assert.Equal("(app == \"web\" && !canary == \"true\")", sides.Match!.Selector.Canonical);
        Assert.Equal(IpSetKind.Networks, sides.Match.Kind);
        Assert.Null(sides.Exclude);
        Assert.Empty(sides.NamedPorts);
    }

    [Fact]
    public void Source_NotSelectorAlone_AnExcludeSet()
    {
        var sides = RuleIpSets.Source(Rule("source: {notSelector: app == 'web'}"));

        Assert.Null(sides.Match);
        Assert.Equal("app == \"web\"", sides.Exclude!.Selector.Canonical);
    }

    [Fact]
    public void Destination_NamedPortWithoutSelector_PortSetOverEveryEndpoint()
    {
        var set = Assert.Single(RuleIpSets.Destination(Rule("protocol: TCP\ndestination: {ports: [http, 80]}")).All());

        Assert.Equal(IpSetKind.NamedPorts, set.Kind);
        Assert.Equal("http", set.PortName);
        Assert.Equal(6, set.Protocol);
        Assert.Equal("all()", set.Selector.Canonical);
        Assert.StartsWith("n:", set.Id.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Destination_NamedPortsInPortsAndNotPorts_PortSetsOverThePositiveSelector()
    {
        var sides = RuleIpSets.Destination(Rule("protocol: UDP\ndestination: {selector: app == 'dns', ports: [dns], notPorts: [debug]}"));

        Assert.Equal(("dns", 17, "app == \"dns\""), Describe(Assert.Single(sides.NamedPorts)));
        Assert.Equal(("debug", 17, "app == \"dns\""), Describe(Assert.Single(sides.NotNamedPorts)));
        Assert.Equal(3, sides.All().Count());
    }

    [Fact]
    public void All_SameSelectorOnBothSides_OneIdForBoth()
    {
        var rule = Rule("source: {selector: app == 'web'}\ndestination: {selector: app == \"web\"}");

        var ids = RuleIpSets.All(rule).Select(s => s.Id).ToList();

        Assert.Equal(2, ids.Count);
        Assert.Equal(ids[0], ids[1]);
    }

    [Fact]
    public void All_NetsAndNumericPortsOnly_NoSets() =>
        Assert.Empty(RuleIpSets.All(Rule("protocol: TCP\nsource: {nets: [10.0.0.0/8]}\ndestination: {ports: [80, '8000:8080'], notNets: [10.1.0.0/16]}")));

    [Fact]
    public void All_NamedPortOnDifferentProtocols_DifferentSets()
    {
        var tcp = RuleIpSets.All(Rule("protocol: TCP\ndestination: {ports: [dns]}")).Single();
        var udp = RuleIpSets.All(Rule("protocol: UDP\ndestination: {ports: [dns]}")).Single();

        Assert.NotEqual(tcp.Id, udp.Id);
    }

    private static (string?, int, string) Describe(IpSetDescriptor set) => (set.PortName, set.Protocol, set.Selector.Canonical);

    /// <summary>The one ingress rule of a GlobalNetworkPolicy, its lines written under the rule's "- action: Allow".</summary>
    private static EffectiveRule Rule(string fields)
    {
        var indented = string.Join("\n", fields.Split('\n').Select(line => "    " + line));
        var policy = One<GlobalNetworkPolicy>($"""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {"{"}name: p{"}"}
            spec:
              ingress:
              - action: Allow
            {indented}
            """);
        return EffectivePolicyConverter.FromGlobalNetworkPolicy(policy).Ingress.Single();
    }
}
