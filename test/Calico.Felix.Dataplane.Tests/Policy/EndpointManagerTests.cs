using Calico.Api.Values;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Rules;
using Calico.Felix.Dataplane.Tests.Infrastructure;
using Calico.Policy.Ids;
using Calico.Policy.Snapshot;
using static Calico.Felix.Dataplane.Tests.Infrastructure.Samples;

namespace Calico.Felix.Dataplane.Tests.Policy;

public sealed class EndpointManagerTests
{
    private static readonly PolicyId AllowWeb = PolicyId.Namespaced("ns", "allow-web");

    private readonly RecordingTable _table = new();
    private readonly FilterDataplane _filter;

    public EndpointManagerTests() => _filter = FilterDataplane.Create(_table);

    [Fact]
    public async Task CompleteDeferredWork_Workload_ChainsAndDispatchElements()
    {
        await Send(
            new ActiveProfileUpdate("kns.ns", Profile("kns.ns", [Rule()], [Rule()])),
            new ActivePolicyUpdate(AllowWeb, PolicyOf(AllowWeb, [Rule()])),
            Workload("a", "cali1", tiers: [Tier("default", TierDefaultAction.Deny, ingress: [AllowWeb])], profiles: ["kns.ns"], networks: "10.65.0.1/32"));

        Assert.Contains("meta mark & 0x00020000 == 0 jump cali-pi-ns_allow-web", _table.Statements("cali-tw-cali1"));
        Assert.Contains("jump cali-pro-kns.ns", _table.Statements("cali-fw-cali1"));
        Assert.Equal(["\"cali1\": jump cali-tw-cali1"], _table.MapElements(FelixNames.ToWorkloadDispatch));
        Assert.Equal(["\"cali1\": jump cali-fw-cali1"], _table.MapElements(FelixNames.FromWorkloadDispatch));
        TableAssert.ReferencesResolve(_table);
    }

    [Fact]
    public async Task CompleteDeferredWork_WorkloadRemoved_ElementsAndChainsGone()
    {
        await Send(Workload("a", "cali1"));

        await Send(new WorkloadEndpointRemove(EndpointId.Workload("ns", "a")));

        Assert.Empty(_table.MapElements(FelixNames.ToWorkloadDispatch));
        Assert.Empty(_table.MapElements(FelixNames.FromWorkloadDispatch));
        Assert.DoesNotContain(_table.Chains.Keys, k => k.Value.EndsWith("cali1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CompleteDeferredWork_InterfaceRenamed_OldElementsAndChainsReplaced()
    {
        await Send(Workload("a", "cali1"));

        await Send(Workload("a", "cali2"));

        Assert.Equal(["\"cali2\": jump cali-tw-cali2"], _table.MapElements(FelixNames.ToWorkloadDispatch));
        Assert.False(_table.Chains.ContainsKey("cali-tw-cali1"));
        Assert.True(_table.Chains.ContainsKey("cali-fw-cali2"));
    }

    [Fact]
    public async Task CompleteDeferredWork_PolicyBecomesActiveLater_EndpointReRenderedWithTheJump()
    {
        await Send(Workload("a", "cali1", tiers: [Tier("default", TierDefaultAction.Deny, ingress: [AllowWeb])]));
        Assert.Contains("Policy ns/allow-web is not programmed: fail closed", _table.Chains["cali-tw-cali1"].Rules.Select(r => r.Comment));
        TableAssert.ReferencesResolve(_table);

        await Send(new ActivePolicyUpdate(AllowWeb, PolicyOf(AllowWeb)));

        Assert.Contains("meta mark & 0x00020000 == 0 jump cali-pi-ns_allow-web", _table.Statements("cali-tw-cali1"));
        TableAssert.ReferencesResolve(_table);
    }

    [Fact]
    public async Task CompleteDeferredWork_PolicyContentChanged_EndpointChainsNotRewritten()
    {
        await Send(new ActivePolicyUpdate(AllowWeb, PolicyOf(AllowWeb)), Workload("a", "cali1", tiers: [Tier("default", TierDefaultAction.Deny, ingress: [AllowWeb])]));
        _table.ClearCalls();

        await Send(new ActivePolicyUpdate(AllowWeb, PolicyOf(AllowWeb, [Rule(RuleAction.Deny)])));

        Assert.Equal(["update chain cali-pi-ns_allow-web", "update chain cali-po-ns_allow-web"], _table.Calls);
    }

    [Fact]
    public async Task CompleteDeferredWork_OneOfTwoWorkloadsChanged_OnlyItIsReRendered()
    {
        await Send(Workload("a", "cali1"), Workload("b", "cali2"));
        _table.ClearCalls();

        await Send(Workload("b", "cali2", profiles: ["kns.ns"]));

        Assert.All(_table.Calls, c => Assert.Contains("cali2", c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CompleteDeferredWork_HostSettingsAction_WorkloadToHostFollows()
    {
        await Send(new HostSettingsUpdate(HostSettings.Default with { DefaultEndpointToHostAction = EndpointToHostAction.Accept }));

        Assert.Equal("accept", _table.Statements(FelixNames.WorkloadToHost)[^1]);

        _table.ClearCalls();
        await Send(new HostSettingsUpdate(HostSettings.Default with { DefaultEndpointToHostAction = EndpointToHostAction.Accept }));
        Assert.Empty(_table.Calls);
    }

    [Fact]
    public async Task CompleteDeferredWork_InterfaceNameNftCannotKey_NotDispatched()
    {
        await Send(Workload("a", "cali*x"));

        Assert.Empty(_table.MapElements(FelixNames.ToWorkloadDispatch));
        TableAssert.ReferencesResolve(_table);
    }

    private Task Send(params DataplaneMessage[] messages) => _filter.SendAsync(messages);
}
