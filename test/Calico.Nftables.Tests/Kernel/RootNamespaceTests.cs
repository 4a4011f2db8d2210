using Calico.Nftables.Tests.Infrastructure;
using Calico.Testing;

namespace Calico.Nftables.Tests.Kernel;

/// <summary>
/// Proves the driver touches only the namespace it is given: the root namespace's ruleset is read (never written)
/// before and after a run of every kind of operation, and must be identical. The collection fixture
/// (<see cref="RootRulesetGuard"/>) does the same check around the whole kernel suite.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class RootNamespaceTests
{
    [PrivilegedFact]
    public async Task EveryOperation_InTestNamespaces_LeavesRootRulesetUnchanged()
    {
        var before = RootRulesetGuard.Read();

        using (var ns = TestNamespace.Create("nft", "rootcheck"))
        {
            using (var table = new NftablesTableFactory().Open(ns.Handle))
            {
                Samples.Populate(table);
                await table.ApplyAsync();
                ns.Nft("flush", "table", "inet", "calico");
                await table.ResyncAsync();
                table.UpdateChain(Chain.Regular("cali-pi-bad", new Rule("acept")));
                await Assert.ThrowsAsync<NftablesException>(async () => await table.ApplyAsync());
                table.RemoveChain("cali-pi-bad");
                table.RemoveChains(["cali-fw-cali1", "cali-fw-cali2"]);
                table.RemoveVmap(Samples.Dispatch);
                await table.ApplyAsync();
            }

            await using var cli = new NftCliClientFactory().Open(ns.Handle);
            await cli.RunAsync("add table inet calico-cli");
            Assert.Contains("inet calico-cli", ns.Ruleset().Tables);
        }

        Assert.Equal(before, RootRulesetGuard.Read());
    }
}
