using Calico.Api.Values;
using Calico.Felix.Dataplane.Rules;
using Calico.Nftables;
using Calico.Policy.Snapshot;

namespace Calico.Felix.Dataplane.Tests.Rules;

public sealed class StaticChainRendererTests
{
    private readonly StaticChainRenderer _renderer = new(FilterRulesOptions.Default);

    [Fact]
    public void Forward_Default_DispatchesAndFailsClosedForWorkloadInterfaces()
    {
        var chain = _renderer.Forward();

        Assert.Equal(new BaseChainSpec(ChainType.Filter, ChainHook.Forward, 0), chain.Base);
        Assert.Equal(
        [
            "meta mark set meta mark & 0x0001ffff",
            "jump cali-from-hep-forward",
            "iifname vmap @cali-from-wl-dispatch",
            "iifname \"cali*\" meta mark & 0x00010000 == 0 drop",
            "oifname \"cali*\" meta mark set meta mark & 0xfffeffff",
            "oifname vmap @cali-to-wl-dispatch",
            "oifname \"cali*\" meta mark & 0x00010000 == 0 drop",
            "jump cali-to-hep-forward",
            "meta mark & 0x00010000 == 0x00010000 accept",
        ], chain.Rules.Select(r => r.Statement));
    }

    [Fact]
    public void Forward_SeveralPrefixes_OneFailClosedRulePerPrefix()
    {
        var renderer = new StaticChainRenderer(FilterRulesOptions.Default with { WorkloadInterfacePrefixes = ["cali", "tap"] });

        var statements = renderer.Forward().Rules.Select(r => r.Statement).ToList();

        Assert.Contains("iifname \"tap*\" meta mark & 0x00010000 == 0 drop", statements);
        Assert.Contains("oifname \"tap*\" meta mark & 0x00010000 == 0 drop", statements);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ca\"li")]
    [InlineData("cali*")]
    public void Constructor_BadPrefix_Throws(string prefix)
    {
        Assert.Throws<ArgumentException>(() => new StaticChainRenderer(FilterRulesOptions.Default with { WorkloadInterfacePrefixes = [prefix] }));
    }

    [Fact]
    public void InputAndOutput_Default_WorkloadsToWlToHostAndHostEndpointsDispatched()
    {
        Assert.Equal(
        [
            "iifname \"cali*\" goto cali-wl-to-host",
            "ip saddr @cali40all-vxlan-net udp dport 4789 accept",
            "jump cali-from-host-endpoint",
            "meta mark & 0x00010000 == 0x00010000 accept",
        ], _renderer.Input().Rules.Select(r => r.Statement));
        Assert.Equal(
        [
            "oifname \"cali*\" return",
            "ip daddr @cali40all-vxlan-net udp dport 4789 accept",
            "jump cali-to-host-endpoint",
            "meta mark & 0x00010000 == 0x00010000 accept",
        ], _renderer.Output().Rules.Select(r => r.Statement));
        Assert.Equal("Host to local workloads is not policed", _renderer.Output().Rules[0].Comment);
    }

    [Theory]
    [InlineData(EndpointToHostAction.Drop, "drop")]
    [InlineData(EndpointToHostAction.Accept, "accept")]
    [InlineData(EndpointToHostAction.Return, "return")]
    public void WorkloadToHost_Action_EgressPolicyThenConfiguredAction(EndpointToHostAction action, string last)
    {
        var chain = _renderer.WorkloadToHost(action);

        Assert.Equal(
        [
            "meta l4proto 58 icmpv6 type { 130, 131, 132, 133, 135, 136 } accept",
            "iifname vmap @cali-from-wl-dispatch",
            "meta mark & 0x00010000 == 0 drop",
            last,
        ], chain.Rules.Select(r => r.Statement));
        Assert.Equal("Configured DefaultEndpointToHostAction", chain.Rules[^1].Comment);
    }

    [Fact]
    public void Failsafe_PortsWithAndWithoutNet_AcceptPerPort()
    {
        var settings = new HostSettings
        {
            FailsafeInbound = [new FailsafePort(6, 22), new FailsafePort(17, 68, Calico.Core.Cidr.Parse("10.0.0.0/8"))],
            FailsafeOutbound = [new FailsafePort(17, 53, Calico.Core.Cidr.Parse("fd00::/8"))],
        };

        Assert.Equal(
            ["meta l4proto 6 th dport 22 accept", "ip saddr 10.0.0.0/8 meta l4proto 17 th dport 68 accept"],
            StaticChainRenderer.Failsafe(settings, PolicyType.Ingress).Rules.Select(r => r.Statement));
        Assert.Equal(
            ["ip6 daddr fd00::/8 meta l4proto 17 th dport 53 accept"],
            StaticChainRenderer.Failsafe(settings, PolicyType.Egress).Rules.Select(r => r.Statement));
        Assert.Equal("cali-failsafe-out", StaticChainRenderer.Failsafe(settings, PolicyType.Egress).Name.Value);
    }

    [Fact]
    public void HostEndpointDispatch_WithAllInterfacesEndpoint_FallsBackToItExceptLo()
    {
        Assert.Equal(["iifname vmap @cali-from-hep-dispatch"], _renderer.HostEndpointDispatch(PolicyType.Ingress, null).Rules.Select(r => r.Statement));
        Assert.Equal(
        [
            "oifname vmap @cali-to-hep-dispatch",
            "meta mark & 0x00010000 == 0x00010000 return",
            "oifname != \"lo\" jump cali-th-all",
        ], _renderer.HostEndpointDispatch(PolicyType.Egress, "cali-th-all").Rules.Select(r => r.Statement));
    }
}
