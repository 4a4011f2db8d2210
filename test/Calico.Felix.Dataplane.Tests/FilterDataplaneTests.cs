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

        Assert.Equal(4, filter.Managers.Count);
        Assert.Equal(
        [
            "cali-FORWARD", "cali-INPUT", "cali-OUTPUT", "cali-failsafe-in", "cali-failsafe-out", "cali-from-hep-forward",
            "cali-from-host-endpoint", "cali-to-hep-forward", "cali-to-host-endpoint", "cali-wl-to-host",
        ], table.Chains.Keys.Select(k => k.Value).Order(StringComparer.Ordinal));
        Assert.Equal(6, table.Maps.Count);
        Assert.All(table.Maps.Values, m => Assert.Empty(m.Elements));
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
}
