using Calico.Api.Resources;
using Calico.Core;
using Calico.Ipam.Pools;

namespace Calico.Ipam.Tests;

public sealed class UnclaimedBlockFinderTests
{
    private static PoolInfo Pool(string cidr, int? blockSize = null) =>
        PoolInfo.From(new IPPool { Metadata = { Name = "p" }, Spec = new IPPoolSpec { Cidr = cidr, BlockSize = blockSize } })!;

    [Fact]
    public void Find_EmptyPool_AlignedBlockInsidePool()
    {
        var pool = Pool("10.0.0.0/16");

        var found = UnclaimedBlockFinder.Find(pool, [], "node1")!.Value;

        Assert.Equal(26, found.PrefixLength);
        Assert.True(pool.Cidr.Covers(found));
        Assert.Equal(found, UnclaimedBlockFinder.Find(pool, [], "node1"));
    }

    [Fact]
    public void Find_DifferentNodes_UsuallyStartElsewhere()
    {
        var pool = Pool("10.0.0.0/16");

        var starts = Enumerable.Range(0, 20).Select(i => UnclaimedBlockFinder.Find(pool, [], $"node{i}")!.Value).Distinct().Count();

        Assert.True(starts > 15, $"only {starts} distinct starting blocks");
    }

    [Fact]
    public void Find_OnlyOneFree_FindsItAfterWrapping()
    {
        var pool = Pool("10.0.0.0/24");
        var taken = Enumerable.Range(0, 4).Where(i => i != 1).Select(i => Cidr.Parse($"10.0.0.{i * 64}/26")).ToList();

        Assert.Equal(Cidr.Parse("10.0.0.64/26"), UnclaimedBlockFinder.Find(pool, taken, "any"));
        Assert.Null(UnclaimedBlockFinder.Find(pool, [.. taken, Cidr.Parse("10.0.0.64/26")], "any"));
    }

    [Fact]
    public void Find_OverlappingBlocksOfOtherSizes_Skipped()
    {
        var pool = Pool("10.0.0.0/24");
        Cidr[] taken = [Cidr.Parse("10.0.0.0/25"), Cidr.Parse("10.0.0.192/28"), Cidr.Parse("10.9.0.0/26")];

        Assert.Equal(Cidr.Parse("10.0.0.128/26"), UnclaimedBlockFinder.Find(pool, taken, "any"));
    }

    [Fact]
    public void Find_HugeIPv6Pool_Fast()
    {
        var pool = Pool("fd00::/48");

        var found = UnclaimedBlockFinder.Find(pool, [], "node1")!.Value;

        Assert.Equal(122, found.PrefixLength);
        Assert.True(pool.Cidr.Covers(found));
    }
}
