using Calico.Api.Values;
using Calico.Felix.Calc.IpSets;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Policy;
using Calico.Felix.Dataplane.Rules;
using Calico.Felix.Dataplane.Tests.Infrastructure;
using Calico.Policy.Effective;
using Calico.Policy.Ids;
using static Calico.Felix.Dataplane.Tests.Infrastructure.Samples;

namespace Calico.Felix.Dataplane.Tests.Policy;

public sealed class PolicyManagerTests
{
    private static readonly Calico.Selectors.Selector Client = Sel("role == 'client'");
    private static readonly PolicyId AllowClient = PolicyId.Namespaced("ns", "allow-client");

    private readonly RecordingTable _table = new();
    private readonly PolicyManager _manager;

    public PolicyManagerTests() => _manager = new PolicyManager(_table, FilterRulesOptions.Default);

    [Fact]
    public async Task CompleteDeferredWork_ActivePolicy_BothDirectionChains()
    {
        _manager.OnUpdate(Networks(Client, "10.65.0.1"));
        _manager.OnUpdate(new ActivePolicyUpdate(AllowClient, ClientPolicy()));

        await _manager.CompleteDeferredWorkAsync(default);

        Assert.Equal(
            [$"meta l4proto 6 ip saddr @{SetOf(Client)} th dport 8080 {Allow}", $"meta l4proto 6 ip6 saddr @{SetOf(Client, 6)} th dport 8080 {Allow}"],
            _table.Statements("cali-pi-ns_allow-client"));
        Assert.Equal(["drop"], _table.Statements("cali-po-ns_allow-client"));
    }

    [Fact]
    public async Task CompleteDeferredWork_PolicyRemoved_BothChainsRemoved()
    {
        _manager.OnUpdate(new ActivePolicyUpdate(AllowClient, PolicyOf(AllowClient)));
        await _manager.CompleteDeferredWorkAsync(default);

        _manager.OnUpdate(new ActivePolicyRemove(AllowClient));
        await _manager.CompleteDeferredWorkAsync(default);

        Assert.Empty(_table.Chains);
        Assert.Equal(["remove chain cali-pi-ns_allow-client", "remove chain cali-po-ns_allow-client"], _table.Calls.Skip(2));
    }

    [Fact]
    public async Task CompleteDeferredWork_Profile_ChainsPerDirectionAndRemoval()
    {
        _manager.OnUpdate(new ActiveProfileUpdate("kns.ns", Profile("kns.ns", [Rule()], [Rule()])));
        await _manager.CompleteDeferredWorkAsync(default);

        Assert.Equal([Allow], _table.Statements("cali-pri-kns.ns"));
        Assert.Equal([Allow], _table.Statements("cali-pro-kns.ns"));

        _manager.OnUpdate(new ActiveProfileRemove("kns.ns"));
        await _manager.CompleteDeferredWorkAsync(default);
        Assert.Empty(_table.Chains);
    }

    [Fact]
    public async Task CompleteDeferredWork_OneOfTwoPoliciesChanged_OnlyItsChainsRewritten()
    {
        var other = PolicyId.Global("other");
        _manager.OnUpdate(new ActivePolicyUpdate(AllowClient, PolicyOf(AllowClient)));
        _manager.OnUpdate(new ActivePolicyUpdate(other, PolicyOf(other)));
        await _manager.CompleteDeferredWorkAsync(default);
        _table.ClearCalls();

        _manager.OnUpdate(new ActivePolicyUpdate(other, PolicyOf(other, ingress: [Rule(RuleAction.Deny)])));
        await _manager.CompleteDeferredWorkAsync(default);

        Assert.Equal(["update chain cali-pi-other", "update chain cali-po-other"], _table.Calls);
    }

    [Fact]
    public async Task CompleteDeferredWork_SetNotYetActive_RenderedAsEmptyThenReRenderedWhenItArrives()
    {
        _manager.OnUpdate(new ActivePolicyUpdate(AllowClient, ClientPolicy()));
        await _manager.CompleteDeferredWorkAsync(default);
        Assert.Empty(_table.Statements("cali-pi-ns_allow-client"));

        _manager.OnUpdate(Networks(Client, "10.65.0.1"));
        await _manager.CompleteDeferredWorkAsync(default);

        Assert.Equal(2, _table.Statements("cali-pi-ns_allow-client").Count);
    }

    private static EffectivePolicy ClientPolicy() => PolicyOf(
        AllowClient,
        ingress: [Rule() with { Protocol = Protocol.Tcp, Source = new EffectiveEntityRule { Selector = Client }, Destination = new EffectiveEntityRule { Ports = [Port.Single(8080)] } }],
        egress: [Rule(RuleAction.Deny)]);
}
