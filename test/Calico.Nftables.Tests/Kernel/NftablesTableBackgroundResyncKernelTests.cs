using Calico.Felix.Testing;
using Calico.Nftables.Tests.Infrastructure;
using Calico.Testing;

namespace Calico.Nftables.Tests.Kernel;

/// <summary>
/// <see cref="ITable.StartBackgroundResync"/> against the kernel, with calico-node's clients (libnftables for deltas, an
/// <c>nft</c> process for the listing). The listing's result is held at the client until the test releases it, so the
/// order of events is fixed: the table is edited from outside, nft lists it, deltas are applied while the listing is
/// certainly still outstanding (and so predates them), then the next apply repairs what the listing found.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class NftablesTableBackgroundResyncKernelTests
{
    /// <summary>Only so that a driver that waits for the listing fails instead of hanging; no assertion depends on time.</summary>
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(60);

    [PrivilegedFact]
    public async Task StartBackgroundResync_TableFlushedAndEditedThenDeltasWhileListing_DeltasAppliedBeforeTheListingIsInThenDriftRepairedInOneTransaction()
    {
        using var ns = TestNamespace.Create("nft", "bg-drift");
        var deltas = new RecordingNftClient(new LibNftablesClientFactory().Open(ns.Handle));
        var bulk = new HeldListingNftClient(new NftCliClientFactory().Open(ns.Handle));
        using var table = new NftablesTableFactory().Create(deltas, new NftablesTableOptions { BulkClient = bulk });
        Samples.Populate(table);
        await table.ApplyAsync();
        table.AddMembers(Samples.WebSet, [Samples.Ip("10.65.5.5")]);
        await table.ApplyAsync();

        ns.Nft("flush", "table", "inet", "calico");                                          // every rule gone, base chains included
        ns.Nft("delete", "element", "inet", "calico", "cali40n-web-http", "{ 10.65.0.2 . 6 . 80 }");
        ns.Nft("add", "element", "inet", "calico", "cali40s-web", "{ 10.99.0.0/16 }");
        ns.Nft("add", "chain", "inet", "calico", "stray");
        bulk.HoldNextListing();
        var listing = table.StartBackgroundResync();
        await bulk.ListingHeld.WaitAsync(s_hangGuard);                                       // nft has read the drifted table

        table.AddMembers(Samples.WebSet, [Samples.Ip("10.65.9.9")]);
        var first = await table.ApplyAsync().AsTask().WaitAsync(s_hangGuard);
        Assert.False(listing.IsCompleted, "the delta was applied while the listing was outstanding");
        Assert.False(first.Resynced);
        Assert.Contains("\"10.65.9.9\"", ns.Ruleset().Elements["cali40s-web"]);

        table.UpdateChain(Chain.Regular("cali-pi-web", new Rule("ip saddr @cali40s-web tcp dport { 80, 443 } accept")));
        table.RemoveMembers(Samples.WebSet, [Samples.Ip("10.65.0.1")]);                      // still in the listing, gone after this
        var second = await table.ApplyAsync().AsTask().WaitAsync(s_hangGuard);
        Assert.False(listing.IsCompleted, "the second delta too");
        Assert.Equal((1, 1), (second.ChainsRewritten, second.ElementsRemoved));
        Assert.Equal(1, ns.Ruleset().RuleCount("cali-pi-web"));

        bulk.ReleaseListing();
        await listing;
        table.AddMembers(Samples.HttpPorts, [Samples.Http("10.65.0.7")]);
        var (transactions, listings) = (deltas.Transactions.Count, bulk.Listings);
        var repair = await table.ApplyAsync();

        Assert.True(repair.Resynced);
        Assert.Equal((transactions + 1, listings), (deltas.Transactions.Count, bulk.Listings)); // one transaction, no fallback to a full resync
        var script = deltas.Transactions[^1];
        Assert.Contains("add element inet calico cali40n-web-http { 10.65.0.2 . 6 . 80, 10.65.0.7 . 6 . 80 }", script, StringComparison.Ordinal);
        Assert.Contains("delete chain inet calico stray", script, StringComparison.Ordinal);
        Assert.Contains("flush chain inet calico cali-FORWARD", script, StringComparison.Ordinal);
        Assert.DoesNotContain("chain inet calico cali-pi-web", script, StringComparison.Ordinal); // written after the listing began: left alone
        Assert.DoesNotContain("rule inet calico cali-pi-web", script, StringComparison.Ordinal);
        var reference = await ReferenceRulesetAsync(t =>
        {
            t.AddMembers(Samples.WebSet, [Samples.Ip("10.65.5.5"), Samples.Ip("10.65.9.9")]);
            t.RemoveMembers(Samples.WebSet, [Samples.Ip("10.65.0.1")]);
            t.UpdateChain(Chain.Regular("cali-pi-web", new Rule("ip saddr @cali40s-web tcp dport { 80, 443 } accept")));
            t.AddMembers(Samples.HttpPorts, [Samples.Http("10.65.0.7")]);
        });
        // cali40s-web was written after the listing began, so its stray element is left to the next resync.
        const string Stray = "\nelement cali40s-web: {\"prefix\": {\"addr\": \"10.99.0.0\", \"len\": 16}}";
        var repaired = ns.Ruleset().Describe();
        Assert.Contains(Stray, repaired, StringComparison.Ordinal);
        Assert.Equal(reference, repaired.Replace(Stray, string.Empty, StringComparison.Ordinal));

        await table.StartBackgroundResync();
        var next = await table.ApplyAsync();
        Assert.True(next.Resynced);
        Assert.Equal((0, 1, 0), (next.ElementsAdded, next.ElementsRemoved, next.RulesWritten));
        Assert.Equal(reference, ns.Ruleset().Describe());
        Assert.Equal(0, (await table.ResyncAsync()).Commands);
    }

    [PrivilegedFact]
    public async Task StartBackgroundResync_TableDeletedWhileListing_DeltaFallsBackToAFullResyncAndTheStaleListingIsDropped()
    {
        using var ns = TestNamespace.Create("nft", "bg-deleted");
        var bulk = new HeldListingNftClient(new NftCliClientFactory().Open(ns.Handle));
        using var table = new NftablesTableFactory().Create(new LibNftablesClientFactory().Open(ns.Handle), new NftablesTableOptions { BulkClient = bulk });
        Samples.Populate(table);
        await table.ApplyAsync();
        bulk.HoldNextListing();
        var listing = table.StartBackgroundResync();
        await bulk.ListingHeld.WaitAsync(s_hangGuard);

        ns.Nft("delete", "table", "inet", "calico");
        table.AddMembers(Samples.WebSet, [Samples.Ip("10.65.9.9")]);
        var delta = await table.ApplyAsync().AsTask().WaitAsync(s_hangGuard);

        Assert.True(delta.Resynced, "the delta failed on the missing table and the table resynced in full");
        Assert.False(listing.IsCompleted);
        bulk.ReleaseListing();
        await listing;
        var after = await table.ApplyAsync();
        Assert.False(after.Resynced, "the listing started before the full resync is dropped");
        Assert.Equal(0, after.Commands);
        Assert.Equal(await ReferenceRulesetAsync(t => t.AddMembers(Samples.WebSet, [Samples.Ip("10.65.9.9")])), ns.Ruleset().Describe());
    }

    [PrivilegedFact]
    public async Task StartBackgroundResync_NoDrift_NothingSentAndTheListingKeepsNoElements()
    {
        using var ns = TestNamespace.Create("nft", "bg-clean");
        var deltas = new RecordingNftClient(new LibNftablesClientFactory().Open(ns.Handle));
        var bulk = new HeldListingNftClient(new NftCliClientFactory().Open(ns.Handle));
        using var table = new NftablesTableFactory().Create(deltas, new NftablesTableOptions { BulkClient = bulk });
        Samples.Populate(table);
        await table.ApplyAsync();
        var sent = deltas.Transactions.Count;

        await table.StartBackgroundResync();
        var result = await table.ApplyAsync();

        Assert.True(result.Resynced);
        Assert.Equal(0, result.Commands);
        Assert.Equal(sent, deltas.Transactions.Count);
        Assert.Equal(2, bulk.Listings);
    }

    /// <summary>The ruleset a fresh table with the samples (and <paramref name="change"/>) programs in a namespace of its own.</summary>
    private static async Task<string> ReferenceRulesetAsync(Action<ITable>? change = null)
    {
        using var fresh = TestNamespace.Create("nft", "bg-reference");
        using (var reference = new NftablesTableFactory().Open(fresh.Handle))
        {
            Samples.Populate(reference);
            change?.Invoke(reference);
            await reference.ApplyAsync();
        }

        return fresh.Ruleset().Describe();
    }
}
