using Calico.Felix.Calc.IpSets;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Policy;
using Calico.Felix.Dataplane.Tests.Infrastructure;
using Calico.Nftables;
using static Calico.Felix.Dataplane.Tests.Infrastructure.Samples;

namespace Calico.Felix.Dataplane.Tests.Policy;

public sealed class IpSetManagerTests
{
    private static readonly Calico.Selectors.Selector Web = Sel("role == 'web'");

    private readonly RecordingTable _table = new();
    private readonly IpSetManager _manager;

    public IpSetManagerTests() => _manager = new IpSetManager(_table);

    [Fact]
    public async Task CompleteDeferredWork_NetworksSet_V4AndV6IntervalSetsWithTheirMembers()
    {
        _manager.OnUpdate(Networks(Web, "10.65.0.1", "10.65.1.0/24", "fd00::1"));
        Assert.Empty(_table.Calls);

        await _manager.CompleteDeferredWorkAsync(default);

        Assert.Equal(SetSpec.Ipv4Networks(SetOf(Web)), _table.Sets[SetOf(Web)].Spec);
        Assert.Equal(SetSpec.Ipv6Networks(SetOf(Web, 6)), _table.Sets[SetOf(Web, 6)].Spec);
        Assert.Equal(["10.65.0.1", "10.65.1.0/24"], _table.Members(SetOf(Web)));
        Assert.Equal(["fd00::1"], _table.Members(SetOf(Web, 6)));
    }

    [Fact]
    public async Task CompleteDeferredWork_NamedPortSet_AddressProtocolPortConcatenations()
    {
        var descriptor = IpSetDescriptor.ForNamedPort(Web, 6, "http");
        _manager.OnUpdate(new IpSetUpdate(descriptor.Id, IpSetKind.NamedPorts, [PortMember("10.65.0.1", 6, 80), PortMember("fd00::1", 6, 8080)]));

        await _manager.CompleteDeferredWorkAsync(default);

        var v4 = NamedSetOf(Web, 6, "http");
        Assert.Equal(new SetSpec(v4, SetKeyType.Ipv4AddressProtocolPort), _table.Sets[v4].Spec);
        Assert.Equal(["10.65.0.1 . 6 . 80"], _table.Members(v4));
        Assert.Equal(["fd00::1 . 6 . 8080"], _table.Members(NamedSetOf(Web, 6, "http", 6)));
    }

    [Fact]
    public async Task CompleteDeferredWork_Delta_OnlyTheChangedMembersRecorded()
    {
        _manager.OnUpdate(Networks(Web, "10.65.0.1", "10.65.0.2"));
        await _manager.CompleteDeferredWorkAsync(default);
        _table.ClearCalls();

        _manager.OnUpdate(new IpSetDeltaUpdate(IpSetDescriptor.ForSelector(Web).Id, [Member("10.65.0.3"), Member("fd00::3")], [Member("10.65.0.1")]));
        await _manager.CompleteDeferredWorkAsync(default);

        Assert.Equal(
        [
            $"remove members {SetOf(Web)} 10.65.0.1",
            $"add members {SetOf(Web)} 10.65.0.3",
            $"add members {SetOf(Web, 6)} fd00::3",
        ], _table.Calls);
        Assert.Equal(["10.65.0.2", "10.65.0.3"], _table.Members(SetOf(Web)));
    }

    [Fact]
    public async Task CompleteDeferredWork_OverlappingMembers_KernelGetsTheCover()
    {
        _manager.OnUpdate(Networks(Web, "10.65.0.1", "10.65.0.0/16"));
        await _manager.CompleteDeferredWorkAsync(default);
        Assert.Equal(["10.65.0.0/16"], _table.Members(SetOf(Web)));

        _manager.OnUpdate(new IpSetDeltaUpdate(IpSetDescriptor.ForSelector(Web).Id, [], [Member("10.65.0.0/16")]));
        await _manager.CompleteDeferredWorkAsync(default);

        Assert.Equal(["10.65.0.1"], _table.Members(SetOf(Web)));
    }

    [Fact]
    public async Task OnUpdate_UpdateThenDeltasInOneBatch_MergedIntoOneRestatement()
    {
        var id = IpSetDescriptor.ForSelector(Web).Id;
        _manager.OnUpdate(Networks(Web, "10.65.0.1"));
        _manager.OnUpdate(new IpSetDeltaUpdate(id, [Member("10.65.0.2")], [Member("10.65.0.1")]));
        _manager.OnUpdate(new IpSetDeltaUpdate(id, [Member("10.65.0.3")], []));

        await _manager.CompleteDeferredWorkAsync(default);

        Assert.Equal([$"update set {SetOf(Web)}", $"update set {SetOf(Web, 6)}"], _table.Calls);
        Assert.Equal(["10.65.0.2", "10.65.0.3"], _table.Members(SetOf(Web)));
    }

    [Fact]
    public async Task OnUpdate_AddThenRemoveInOneBatch_Cancel()
    {
        var id = IpSetDescriptor.ForSelector(Web).Id;
        _manager.OnUpdate(Networks(Web, "10.65.0.1"));
        await _manager.CompleteDeferredWorkAsync(default);
        _table.ClearCalls();

        _manager.OnUpdate(new IpSetDeltaUpdate(id, [Member("10.65.0.2")], []));
        _manager.OnUpdate(new IpSetDeltaUpdate(id, [], [Member("10.65.0.2")]));
        await _manager.CompleteDeferredWorkAsync(default);

        Assert.Empty(_table.Calls);
    }

    [Fact]
    public async Task CompleteDeferredWork_Remove_BothVersionsRemoved()
    {
        _manager.OnUpdate(Networks(Web, "10.65.0.1"));
        await _manager.CompleteDeferredWorkAsync(default);

        _manager.OnUpdate(new IpSetRemove(IpSetDescriptor.ForSelector(Web).Id));
        await _manager.CompleteDeferredWorkAsync(default);

        Assert.Empty(_table.Sets);
        Assert.Equal(0, _manager.Count);
    }

    [Fact]
    public async Task CompleteDeferredWork_DeltaForUnknownSet_IgnoredWithoutTouchingTheTable()
    {
        _manager.OnUpdate(new IpSetDeltaUpdate(new IpSetId("s:unknown"), [Member("10.0.0.1")], []));

        await _manager.CompleteDeferredWorkAsync(default);

        Assert.Empty(_table.Calls);
    }
}
