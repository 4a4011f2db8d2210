using Calico.Nftables.Tests.Infrastructure;

namespace Calico.Nftables.Tests.Tables;

/// <summary>
/// <see cref="NftablesTableOptions.BulkClient"/>: listings and long transactions go to the bulk client, short deltas
/// to the table's own client, and the table ends in the same state whichever client carried a transaction.
/// </summary>
public sealed class NftablesTableBulkClientTests
{
    private readonly FakeNftClient _small = new();
    private readonly FakeNftClient _bulk = new();

    [Fact]
    public async Task ApplyAsync_FirstApplyLongerThanThreshold_ListingAndTransactionGoToTheBulkClient()
    {
        var table = Create(bulkScriptChars: 100);
        Samples.Populate(table);

        await table.ApplyAsync();

        Assert.Equal(["list table inet calico"], _bulk.Lists);
        Assert.Single(_bulk.Transactions);
        Assert.Empty(_small.Lists);
        Assert.Empty(_small.Transactions);
    }

    [Fact]
    public async Task ApplyAsync_ShortDeltaAfterABulkApply_GoesToTheTablesOwnClient()
    {
        var table = Create(bulkScriptChars: 100);
        Samples.Populate(table);
        await table.ApplyAsync();

        table.AddMembers(Samples.WebSet, [SetElement.Address(System.Net.IPAddress.Parse("10.65.0.9"))]);
        await table.ApplyAsync();

        Assert.Equal("add element inet calico cali40s-web { 10.65.0.9 }\n", Assert.Single(_small.Transactions));
        Assert.Single(_bulk.Transactions);
    }

    [Fact]
    public async Task ApplyAsync_SameStateThroughEitherClient_SameTransactionText()
    {
        var bulkTable = Create(bulkScriptChars: 1);
        var ownTable = Create(bulkScriptChars: int.MaxValue);
        Samples.Populate(bulkTable);
        Samples.Populate(ownTable);

        await bulkTable.ApplyAsync();
        await ownTable.ApplyAsync();

        Assert.Equal(Assert.Single(_bulk.Transactions), Assert.Single(_small.Transactions));
    }

    [Fact]
    public async Task ResyncAsync_WithBulkClient_ListsThroughIt()
    {
        var table = Create(bulkScriptChars: int.MaxValue);
        await table.ApplyAsync();

        await table.ResyncAsync();

        Assert.Equal(2, _bulk.Lists.Count);
        Assert.Empty(_small.Lists);
    }

    [Fact]
    public async Task ApplyAsync_BackgroundListingFailed_AppliesTheDeltasAloneAndTheNextResyncListsAgain()
    {
        var table = Create(bulkScriptChars: int.MaxValue);
        Samples.Populate(table);
        await table.ApplyAsync();
        _bulk.ListOutput = "not the JSON nft prints";

        await table.StartBackgroundResync();
        table.AddMembers(Samples.WebSet, [SetElement.Address(System.Net.IPAddress.Parse("10.65.0.9"))]);
        var result = await table.ApplyAsync();
        var next = table.StartBackgroundResync();

        Assert.False(result.Resynced);
        Assert.Equal("add element inet calico cali40s-web { 10.65.0.9 }\n", _small.LastTransaction);
        await next;
        Assert.Equal(3, _bulk.Lists.Count);
    }

    private ITable Create(int bulkScriptChars) =>
        new NftablesTableFactory().Create(_small, new NftablesTableOptions { BulkClient = _bulk, BulkScriptBytes = bulkScriptChars });
}
