using Calico.Api.Values;
using Calico.Core;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Nat;
using Calico.Felix.Dataplane.Routing.Tests.Infrastructure;
using Calico.Nftables;

namespace Calico.Felix.Dataplane.Routing.Tests.Nat;

public sealed class NatManagerTests
{
    private readonly RecordingTable _table = new();
    private readonly NatManager _manager;

    public NatManagerTests() => _manager = new NatManager(_table);

    [Fact]
    public async Task CompleteDeferredWork_NoPools_WritesChainsAndEmptyIPv4Sets()
    {
        await PassAsync();

        Assert.Equal(["ip saddr @cali40masq-ipam-pools ip daddr != @cali40all-ipam-pools masquerade"], _table.Statements(NatManager.NatOutgoingChain));
        var postrouting = _table.Chains[NatManager.PostroutingChain];
        Assert.Equal(new BaseChainSpec(ChainType.Nat, ChainHook.Postrouting, 100), postrouting.Base);
        Assert.Equal(["jump cali-nat-outgoing"], _table.Statements(NatManager.PostroutingChain));
        Assert.Empty(_table.Members(NatManager.MasqPoolsV4));
        Assert.Empty(_table.Members(NatManager.AllPoolsV4));
        Assert.Equal(SetSpec.Ipv4Networks(NatManager.MasqPoolsV4), _table.Sets[NatManager.MasqPoolsV4].Spec);
        Assert.False(_table.Sets.ContainsKey(NatManager.MasqPoolsV6));
        Assert.Equal(0, _table.Applies);   // records only; the loop applies
    }

    [Fact]
    public async Task Pools_NatOutgoingEnabledPoolsMasqueraded_EveryPoolInAllPools()
    {
        _manager.OnUpdate(Pool("nat", "192.168.5.0/24", natOutgoing: true));
        _manager.OnUpdate(Pool("plain", "192.168.6.0/24"));
        _manager.OnUpdate(Pool("disabled-nat", "192.168.7.0/24", natOutgoing: true, disabled: true));

        await PassAsync();

        Assert.Equal(["192.168.5.0/24"], _table.Members(NatManager.MasqPoolsV4));
        Assert.Equal(["192.168.5.0/24", "192.168.6.0/24", "192.168.7.0/24"], _table.Members(NatManager.AllPoolsV4));
    }

    [Fact]
    public async Task PoolChangedAndRemoved_ElementsFollow()
    {
        _manager.OnUpdate(Pool("a", "192.168.5.0/24", natOutgoing: true));
        _manager.OnUpdate(Pool("b", "192.168.6.0/24", natOutgoing: true));
        await PassAsync();

        _manager.OnUpdate(Pool("a", "192.168.5.0/24", natOutgoing: false));
        _manager.OnUpdate(new IpPoolRemove("b"));
        await PassAsync();

        Assert.Empty(_table.Members(NatManager.MasqPoolsV4));
        Assert.Equal(["192.168.5.0/24"], _table.Members(NatManager.AllPoolsV4));
    }

    [Fact]
    public async Task IPv6Pool_AddsIPv6SetsAndRule_RemovedWithTheLastIPv6Pool()
    {
        _manager.OnUpdate(Pool("v4", "192.168.5.0/24", natOutgoing: true));
        _manager.OnUpdate(Pool("v6", "fd00:5::/64", natOutgoing: true));
        await PassAsync();

        Assert.Equal(["fd00:5::/64"], _table.Members(NatManager.MasqPoolsV6));
        Assert.Equal(["fd00:5::/64"], _table.Members(NatManager.AllPoolsV6));
        Assert.Equal(SetSpec.Ipv6Networks(NatManager.AllPoolsV6), _table.Sets[NatManager.AllPoolsV6].Spec);
        Assert.Equal(["192.168.5.0/24"], _table.Members(NatManager.MasqPoolsV4));
        Assert.Equal(
            ["ip saddr @cali40masq-ipam-pools ip daddr != @cali40all-ipam-pools masquerade", "ip6 saddr @cali60masq-ipam-pools ip6 daddr != @cali60all-ipam-pools masquerade"],
            _table.Statements(NatManager.NatOutgoingChain));

        _manager.OnUpdate(new IpPoolRemove("v6"));
        await PassAsync();

        Assert.False(_table.Sets.ContainsKey(NatManager.MasqPoolsV6));
        Assert.False(_table.Sets.ContainsKey(NatManager.AllPoolsV6));
        Assert.Single(_table.Statements(NatManager.NatOutgoingChain));
    }

    [Fact]
    public async Task NothingChanged_NothingRecorded()
    {
        _manager.OnUpdate(Pool("a", "192.168.5.0/24", natOutgoing: true));
        await PassAsync();
        var calls = _table.Calls.Count;

        _manager.OnUpdate(Pool("a", "192.168.5.0/24", natOutgoing: true));
        _manager.OnUpdate(new IpPoolRemove("unknown"));
        _manager.OnUpdate(new DatastoreInSync());
        await PassAsync();

        Assert.Equal(calls, _table.Calls.Count);
    }

    [Fact]
    public async Task NestedPools_CoveredCidrLeftOut()
    {
        _manager.OnUpdate(Pool("outer", "10.0.0.0/8", natOutgoing: true));
        _manager.OnUpdate(Pool("inner", "10.1.0.0/16", natOutgoing: true));
        _manager.OnUpdate(Pool("inner-plain", "10.2.0.0/16"));

        await PassAsync();

        Assert.Equal(["10.0.0.0/8"], _table.Members(NatManager.MasqPoolsV4));
        Assert.Equal(["10.0.0.0/8"], _table.Members(NatManager.AllPoolsV4));
    }

    [Fact]
    public async Task WithTheNftablesDriver_OneTransactionCreatesTheSetsAndChains_PoolRemovalDeletesItsElements()
    {
        var client = new ScriptNftClient();
        using var table = new NftablesTableFactory().Create(client);
        var manager = new NatManager(table);
        manager.OnUpdate(Pool("a", "192.168.5.0/24", natOutgoing: true));
        manager.OnUpdate(Pool("b", "192.168.6.0/24", natOutgoing: true));

        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        await table.ApplyAsync();

        var first = client.Transactions[^1];
        Assert.Contains("add set inet calico cali40masq-ipam-pools { type ipv4_addr; flags interval; }", first, StringComparison.Ordinal);
        Assert.Contains("add chain inet calico cali-POSTROUTING { type nat hook postrouting priority 100; policy accept; }", first, StringComparison.Ordinal);
        Assert.Contains("add rule inet calico cali-nat-outgoing ip saddr @cali40masq-ipam-pools ip daddr != @cali40all-ipam-pools masquerade comment", first, StringComparison.Ordinal);
        Assert.Contains("add rule inet calico cali-POSTROUTING jump cali-nat-outgoing comment", first, StringComparison.Ordinal);

        manager.OnUpdate(new IpPoolRemove("b"));
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        await table.ApplyAsync();

        var second = client.Transactions[^1];
        Assert.Contains("delete element inet calico cali40masq-ipam-pools { 192.168.6.0/24 }", second, StringComparison.Ordinal);
        Assert.Contains("delete element inet calico cali40all-ipam-pools { 192.168.6.0/24 }", second, StringComparison.Ordinal);
        Assert.DoesNotContain("chain", second, StringComparison.Ordinal);
    }

    private ValueTask PassAsync() => _manager.CompleteDeferredWorkAsync(CancellationToken.None);

    private static IpPoolUpdate Pool(string name, string cidr, bool natOutgoing = false, bool disabled = false) =>
        new(name, Cidr.Parse(cidr), natOutgoing, disabled, EncapMode.Never, EncapMode.Never);
}
