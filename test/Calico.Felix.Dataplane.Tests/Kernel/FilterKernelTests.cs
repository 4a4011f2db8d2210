using Calico.Api.Values;
using Calico.Felix.Calc.IpSets;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Rules;
using Calico.Felix.Dataplane.Tests.Infrastructure;
using Calico.Nftables;
using Calico.Policy.Effective;
using Calico.Policy.Ids;
using Calico.Policy.Snapshot;
using Xunit.Abstractions;
using static Calico.Felix.Dataplane.Tests.Infrastructure.Samples;

namespace Calico.Felix.Dataplane.Tests.Kernel;

/// <summary>The filter managers through the real nftables driver, in a namespace each test creates; read back with <c>nft -j list ruleset</c>.</summary>
[Collection(KernelCollection.Name)]
public sealed class FilterKernelTests(ITestOutputHelper output)
{
    private static readonly Calico.Selectors.Selector Web = Sel("role == 'web'");
    private static readonly Calico.Selectors.Selector Client = Sel("role == 'client'");
    private static readonly PolicyId AllowWeb = PolicyId.Namespaced("ns", "allow-web");
    private static readonly PolicyId Quarantine = PolicyId.Global("quarantine");
    private static readonly PolicyId KnpLong = PolicyId.Kubernetes("namespace-with-long-name", "allow-from-frontend");

    [PrivilegedFact]
    public async Task Skeleton_AppliedBeforeAnyMessage_BaseChainsOnTheirHooksAndEmptyDispatchMaps()
    {
        using var ns = TestNamespace.Create("fdp", "skeleton");
        using var table = new NftablesTableFactory().Open(ns.Handle);
        _ = FilterDataplane.Create(table);

        await table.ApplyAsync();

        var kernel = KernelRuleset.Read(ns);
        Assert.Equal("filter forward 0", kernel.Chains["cali-FORWARD"]);
        Assert.Equal("filter input 0", kernel.Chains["cali-INPUT"]);
        Assert.Equal("filter output 0", kernel.Chains["cali-OUTPUT"]);
        Assert.Equal(10, kernel.Chains.Count);
        Assert.Equal(7, kernel.Sets.Count);   // six dispatch maps and cali40all-vxlan-net
        Assert.All(kernel.Elements.Values, Assert.Empty);
        Assert.Equal("map \"ifname\"", kernel.Sets["cali-from-wl-dispatch"]);
        var forward = ns.Nft("list", "chain", "inet", "calico", "cali-FORWARD");
        Assert.Contains("iifname \"cali*\" meta mark & 0x00010000 == 0x00000000 drop", forward, StringComparison.Ordinal);
    }

    [PrivilegedFact]
    public async Task Managers_EveryFeature_KernelAcceptsItAndHoldsExactlyTheDesiredState()
    {
        using var ns = TestNamespace.Create("fdp", "full");
        using var table = new NftablesTableFactory().Open(ns.Handle);
        var filter = FilterDataplane.Create(table);
        var http = IpSetDescriptor.ForNamedPort(Web, 6, "http");
        var anyHttp = IpSetDescriptor.ForNamedPort(Calico.Selectors.Selector.Parse("all()"), 6, "http");
        var metrics = IpSetDescriptor.ForNamedPort(Calico.Selectors.Selector.Parse("all()"), 6, "metrics");
        var allowWeb = PolicyOf(AllowWeb, ingress:
        [
            Rule(RuleAction.Log) with { Protocol = Protocol.Tcp, Destination = new EffectiveEntityRule { Ports = [Port.Single(443), Port.Named("http")] } },
            Rule() with { Protocol = Protocol.Tcp, Source = new EffectiveEntityRule { Selector = Client, NotNets = [Net("10.65.1.128/25")] }, Destination = new EffectiveEntityRule { Selector = Web, Ports = [Port.Range(8000, 8080), Port.Named("http")] } },
            Rule() with { Icmp = new IcmpMatch(8, 0) },
            Rule(RuleAction.Deny) with { NotIcmp = new IcmpMatch(3, 1), IpVersion = 4 },
            Rule(RuleAction.Deny) with { Destination = new EffectiveEntityRule { NotPorts = [Port.Named("metrics")] } },
            Rule(RuleAction.Pass) with { Source = new EffectiveEntityRule { NotSelector = Client, Nets = [Net("192.168.0.0/16"), Net("fd01::/16")] } },
        ]);

        await filter.SendAsync(
            new HostSettingsUpdate(HostSettings.Default with { DefaultEndpointToHostAction = EndpointToHostAction.Accept }),
            Networks(Web, "10.65.0.2", "10.65.0.0/16", "fd00::2", "fd00::/64"),
            Networks(Client, "10.65.1.1"),
            new IpSetUpdate(http.Id, IpSetKind.NamedPorts, [PortMember("10.65.0.2", 6, 80), PortMember("fd00::2", 6, 80)]),
            new IpSetUpdate(metrics.Id, IpSetKind.NamedPorts, [PortMember("10.65.0.2", 6, 9090)]),
            new IpSetUpdate(anyHttp.Id, IpSetKind.NamedPorts, [PortMember("10.65.0.2", 6, 80), PortMember("10.65.9.9", 6, 8080)]),
            new ActivePolicyUpdate(AllowWeb, allowWeb),
            new ActivePolicyUpdate(Quarantine, PolicyOf(Quarantine, [Rule(RuleAction.Deny) with { NotProtocol = Protocol.Udp }], [Rule(RuleAction.Pass)])),
            new ActivePolicyUpdate(KnpLong, PolicyOf(KnpLong, [Rule() with { Protocol = Protocol.Sctp, Source = new EffectiveEntityRule { Ports = [Port.Single(5000)] } }])),
            new ActiveProfileUpdate("kns.ns", Profile("kns.ns", [Rule()], [Rule()])),
            Workload("web", "cali1", tiers:
            [
                Tier("security", TierDefaultAction.Pass, ingress: [Quarantine], egress: [Quarantine]),
                Tier("default", TierDefaultAction.Deny, ingress: [AllowWeb, KnpLong]),
            ], profiles: ["kns.ns", "missing"], networks: "10.65.0.2/32"),
            Workload("client", "cali2", profiles: ["kns.ns"], problems: [new EndpointProblem(PolicyType.Egress, "policy \"x\" is in a tier that does not exist")]),
            Host("eth0", "eth0", tiers: [Tier("default", TierDefaultAction.Deny, ingress: [Quarantine])], forwardTiers: [Tier("default", TierDefaultAction.Deny, egress: [Quarantine])]),
            Host("all", "*", profiles: ["kns.ns"]));
        var result = await table.ApplyAsync();

        output.WriteLine(ns.Nft("list", "table", "inet", "calico"));
        var kernel = KernelRuleset.Read(ns);
        Assert.Equal(["{\"prefix\": {\"addr\": \"10.65.0.0\", \"len\": 16}}"], kernel.Elements[SetOf(Web)]);
        Assert.Equal(["{\"prefix\": {\"addr\": \"fd00::\", \"len\": 64}}"], kernel.Elements[SetOf(Web, 6)]);
        Assert.Single(kernel.Elements[NamedSetOf(Web, 6, "http")]);
        Assert.Equal(["[\"cali1\", {\"jump\": {\"target\": \"cali-tw-cali1\"}}]", "[\"cali2\", {\"jump\": {\"target\": \"cali-tw-cali2\"}}]"], kernel.Elements["cali-to-wl-dispatch"]);
        Assert.Single(kernel.Elements["cali-to-hep-fwd-dispatch"]);
        Assert.Empty(kernel.Elements["cali-from-hep-fwd-dispatch"]);
        var expected = new List<Nftables.Rule>();
        var renderer = new RuleRenderer(FilterRulesOptions.Default);
        foreach (var rule in allowWeb.Ingress)
        {
            renderer.Render(rule, _ => true, expected);
        }

        Assert.Equal(expected.Count, kernel.RuleCount("cali-pi-ns_allow-web"));
        Assert.Equal(1, kernel.RuleCount(FelixNames.PolicyChain(KnpLong, PolicyType.Ingress).Value));
        Assert.StartsWith("cali-pi-_", FelixNames.PolicyChain(KnpLong, PolicyType.Ingress).Value, StringComparison.Ordinal);
        Assert.Contains("accept", ns.Nft("list", "chain", "inet", "calico", "cali-wl-to-host"), StringComparison.Ordinal);
        Assert.True(result.Commands > 0);

        var resync = await table.ResyncAsync();
        Assert.Equal(0, resync.Commands);

        await filter.SendAsync(
            new WorkloadEndpointRemove(EndpointId.Workload("ns", "web")),
            new WorkloadEndpointRemove(EndpointId.Workload("ns", "client")),
            new HostEndpointRemove(EndpointId.Host("eth0")),
            new HostEndpointRemove(EndpointId.Host("all")),
            new ActivePolicyRemove(AllowWeb),
            new ActivePolicyRemove(Quarantine),
            new ActivePolicyRemove(KnpLong),
            new ActiveProfileRemove("kns.ns"),
            new IpSetRemove(IpSetDescriptor.ForSelector(Web).Id),
            new IpSetRemove(IpSetDescriptor.ForSelector(Client).Id),
            new IpSetRemove(http.Id),
            new IpSetRemove(metrics.Id),
            new IpSetRemove(anyHttp.Id));
        await table.ApplyAsync();

        var after = KernelRuleset.Read(ns);
        Assert.Equal(10, after.Chains.Count);
        Assert.Equal(7, after.Sets.Count);
        Assert.All(after.Elements.Values, Assert.Empty);
    }
}
