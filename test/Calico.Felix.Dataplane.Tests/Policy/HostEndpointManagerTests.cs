using Calico.Api.Values;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Rules;
using Calico.Felix.Dataplane.Tests.Infrastructure;
using Calico.Policy.Ids;
using Calico.Policy.Snapshot;
using static Calico.Felix.Dataplane.Tests.Infrastructure.Samples;

namespace Calico.Felix.Dataplane.Tests.Policy;

public sealed class HostEndpointManagerTests
{
    private static readonly PolicyId Ssh = PolicyId.Global("ssh");

    private readonly RecordingTable _table = new();
    private readonly FilterDataplane _filter;

    public HostEndpointManagerTests() => _filter = FilterDataplane.Create(_table);

    [Fact]
    public async Task CompleteDeferredWork_HostEndpoint_ChainsAndDispatchElements()
    {
        await Send(new ActivePolicyUpdate(Ssh, PolicyOf(Ssh, [Rule()], [Rule()])), Host("eth0", "eth0", tiers: [Tier("default", TierDefaultAction.Deny, [Ssh], [Ssh])]));

        Assert.Equal(["\"eth0\": jump cali-fh-eth0"], _table.MapElements(FelixNames.FromHostEndpointDispatch));
        Assert.Equal(["\"eth0\": jump cali-th-eth0"], _table.MapElements(FelixNames.ToHostEndpointDispatch));
        Assert.Contains("jump cali-failsafe-in", _table.Statements("cali-fh-eth0"));
        Assert.Contains("jump cali-failsafe-out", _table.Statements("cali-th-eth0"));
        Assert.Empty(_table.MapElements(FelixNames.FromHostEndpointForwardDispatch));
        TableAssert.ReferencesResolve(_table);
    }

    [Fact]
    public async Task CompleteDeferredWork_ForwardPolicyAddedThenDropped_ForwardChainFollows()
    {
        await Send(new ActivePolicyUpdate(Ssh, PolicyOf(Ssh)), Host("eth0", "eth0", forwardTiers: [Tier("default", TierDefaultAction.Deny, ingress: [Ssh])]));
        Assert.Equal(["\"eth0\": jump cali-fhfw-eth0"], _table.MapElements(FelixNames.FromHostEndpointForwardDispatch));
        Assert.Empty(_table.MapElements(FelixNames.ToHostEndpointForwardDispatch));

        await Send(Host("eth0", "eth0"));

        Assert.Empty(_table.MapElements(FelixNames.FromHostEndpointForwardDispatch));
        Assert.False(_table.Chains.ContainsKey("cali-fhfw-eth0"));
        TableAssert.ReferencesResolve(_table);
    }

    [Fact]
    public async Task CompleteDeferredWork_AllInterfacesEndpoint_DispatchFallsBackToItUntilRemoved()
    {
        await Send(Host("all", "*"));

        var all = FelixNames.FromHostEndpointChain("*");
        Assert.Contains($"iifname != \"lo\" jump {all}", _table.Statements(FelixNames.FromHostEndpoint));
        Assert.Contains($"oifname != \"lo\" jump {FelixNames.ToHostEndpointChain("*")}", _table.Statements(FelixNames.ToHostEndpoint));
        TableAssert.ReferencesResolve(_table);

        await Send(new HostEndpointRemove(EndpointId.Host("all")));

        Assert.Equal(["iifname vmap @cali-from-hep-dispatch"], _table.Statements(FelixNames.FromHostEndpoint));
        Assert.False(_table.Chains.ContainsKey(all));
    }

    [Fact]
    public async Task CompleteDeferredWork_HostSettingsFailsafe_FailsafeChainsRewritten()
    {
        await Send(new HostSettingsUpdate(HostSettings.Default with { FailsafeInbound = [new FailsafePort(6, 2222)] }));

        Assert.Equal(["meta l4proto 6 th dport 2222 accept"], _table.Statements(FelixNames.FailsafeIn));
        Assert.Equal(HostSettings.Default.FailsafeOutbound.Count, _table.Statements(FelixNames.FailsafeOut).Count);
    }

    [Fact]
    public async Task CompleteDeferredWork_PreDnatPolicy_FailsClosedInThatDirection()
    {
        await Send(new ActivePolicyUpdate(Ssh, PolicyOf(Ssh)), Host("eth0", "eth0", preDnatTiers: [Tier("default", TierDefaultAction.Pass, ingress: [Ssh])]));

        var ingress = _table.Chains["cali-fh-eth0"].Rules;
        Assert.Contains(ingress, r => r.Statement == "drop" && r.Comment == "Fail closed: preDNAT policy is not supported by this dataplane yet");
        Assert.DoesNotContain(_table.Chains["cali-th-eth0"].Rules, r => r.Comment?.StartsWith("Fail closed", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task CompleteDeferredWork_UntrackedPolicy_FailsClosedExceptOnTheAllInterfacesEndpoint()
    {
        var untracked = (IReadOnlyList<TierPolicies>)[Tier("default", TierDefaultAction.Pass, ingress: [Ssh], egress: [Ssh])];
        await Send(new ActivePolicyUpdate(Ssh, PolicyOf(Ssh)), Host("eth0", "eth0", untrackedTiers: untracked), Host("all", "*", untrackedTiers: untracked));

        Assert.Contains(_table.Chains["cali-th-eth0"].Rules, r => r.Comment == "Fail closed: doNotTrack policy is not supported by this dataplane yet");
        Assert.DoesNotContain(_table.Chains[FelixNames.ToHostEndpointChain("*")].Rules, r => r.Comment?.StartsWith("Fail closed", StringComparison.Ordinal) == true);
    }

    private Task Send(params DataplaneMessage[] messages) => _filter.SendAsync(messages);
}
