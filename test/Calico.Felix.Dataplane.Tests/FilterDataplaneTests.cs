using Calico.Felix.Dataplane.Rules;
using Calico.Felix.Dataplane.Tests.Infrastructure;
using Calico.Nftables;

namespace Calico.Felix.Dataplane.Tests;

public sealed class FilterDataplaneTests
{
    [Fact]
    public void Create_EmptyTable_RecordsTheWholeSkeletonWithEveryReferenceResolved()
    {
        var table = new RecordingTable();

        var filter = FilterDataplane.Create(table);

        Assert.Equal(5, filter.Managers.Count);
        Assert.Equal(
        [
            "cali-FORWARD", "cali-INPUT", "cali-OUTPUT", "cali-failsafe-in", "cali-failsafe-out", "cali-from-hep-forward",
            "cali-from-host-endpoint", "cali-to-hep-forward", "cali-to-host-endpoint", "cali-wl-to-host",
        ], table.Chains.Keys.Select(k => k.Value).Order(StringComparer.Ordinal));
        Assert.Equal(6, table.Maps.Count);
        Assert.All(table.Maps.Values, m => Assert.Empty(m.Elements));
        Assert.Empty(table.Members(FelixNames.AllVxlanHostsV4));
        Assert.Equal(ChainHook.Forward, table.Chains[FelixNames.Forward].Base!.Value.Hook);
        Assert.Equal(ChainHook.Input, table.Chains[FelixNames.Input].Base!.Value.Hook);
        Assert.Equal(ChainHook.Output, table.Chains[FelixNames.Output].Base!.Value.Hook);
        TableAssert.ReferencesResolve(table);
    }

    [Fact]
    public async Task Create_NoMessages_CompleteDeferredWorkRecordsNothingMore()
    {
        var table = new RecordingTable();
        var filter = FilterDataplane.Create(table);
        table.ClearCalls();

        foreach (var manager in filter.Managers)
        {
            await manager.CompleteDeferredWorkAsync(default);
        }

        Assert.Empty(table.Calls);
    }

    [Fact]
    public async Task TunnelEndpoints_FillAllVxlanNet_RemovedNodeLeavesIt_UnchangedAddressWritesNothing()
    {
        var table = new RecordingTable();
        var filter = FilterDataplane.Create(table);
        var a = new Calc.Messages.VtepUpdate("a", System.Net.IPAddress.Parse("198.18.0.11"), 24, System.Net.IPAddress.Parse("10.0.1.1"), "66:00:00:00:00:01");
        var b = new Calc.Messages.VtepUpdate("b", System.Net.IPAddress.Parse("198.18.0.12"), 24, System.Net.IPAddress.Parse("10.0.2.1"), "66:00:00:00:00:02");

        filter.VxlanHosts.OnUpdate(a);
        filter.VxlanHosts.OnUpdate(b);
        await filter.VxlanHosts.CompleteDeferredWorkAsync(default);
        Assert.Equal(["198.18.0.11", "198.18.0.12"], table.Members(FelixNames.AllVxlanHostsV4));

        filter.VxlanHosts.OnUpdate(new Calc.Messages.VtepRemove("a"));
        await filter.VxlanHosts.CompleteDeferredWorkAsync(default);
        Assert.Equal(["198.18.0.12"], table.Members(FelixNames.AllVxlanHostsV4));

        table.ClearCalls();
        filter.VxlanHosts.OnUpdate(b with { TunnelAddress = System.Net.IPAddress.Parse("10.0.2.9") });
        await filter.VxlanHosts.CompleteDeferredWorkAsync(default);
        Assert.Empty(table.Calls);
    }
}
