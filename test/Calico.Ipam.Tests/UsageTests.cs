using System.Net;
using System.Numerics;
using Calico.Datastore;

namespace Calico.Ipam.Tests;

public sealed class UsageTests
{
    private readonly IpamFixture _fx = new(DatastoreFactory.CreateInMemory());

    [Fact]
    public async Task GetUsage_PoolsAndBlocks_Counted()
    {
        await _fx.PoolAsync("a", "10.0.0.0/16");
        await _fx.PoolAsync("v6", "fd00:1::/48");
        await _fx.PoolAsync("empty", "10.9.0.0/24", disabled: true);
        var ipam = _fx.Client();
        await ipam.AutoAssignAsync(new AutoAssignRequest { HandleId = "h1", Node = "node1", Num4 = 70, Num6 = 3 });
        await ipam.AutoAssignAsync(new AutoAssignRequest { HandleId = "h2", Node = "node2", Num4 = 1 });

        var usage = await ipam.GetUsageAsync();

        Assert.Equal(["a", "empty", "v6"], usage.Pools.Select(p => p.Name));
        var a = usage.Pools[0];
        Assert.Equal(new BigInteger(65536), a.Capacity);
        Assert.Equal(71, a.Allocated);
        Assert.Equal(new BigInteger(65536 - 71), a.Free);
        Assert.Equal(3, a.Blocks.Count);
        Assert.Equal(71, a.Blocks.Sum(b => b.Allocated));
        Assert.All(a.Blocks, b => Assert.Equal(64, b.Capacity));
        Assert.Equal(2, a.Blocks.Count(b => b.Node == "node1"));
        Assert.True(usage.Pools[1].Disabled);
        Assert.Equal(BigInteger.Pow(2, 80), usage.Pools[2].Capacity);
        Assert.Equal(3, usage.Pools[2].Allocated);
        Assert.Empty(usage.OrphanBlocks);
    }

    [Fact]
    public async Task GetUsage_PoolDeleted_BlocksAreOrphans()
    {
        await _fx.PoolAsync("a", "10.0.0.0/16");
        var ipam = _fx.Client();
        await ipam.AssignIpAsync(new AssignIpRequest { Address = IPAddress.Parse("10.0.0.9"), HandleId = "h", Node = "n" });
        await _fx.Datastore.DeleteAsync(ResourceKey.Cluster("IPPool", "a"));

        var usage = await ipam.GetUsageAsync();

        Assert.Empty(usage.Pools);
        var orphan = Assert.Single(usage.OrphanBlocks);
        Assert.Equal("10.0.0.0/26", orphan.Cidr.ToString());
        Assert.Equal(1, orphan.Allocated);
        Assert.Equal(63, orphan.Free);
    }
}
