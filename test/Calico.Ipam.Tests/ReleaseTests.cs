using System.Net;
using Calico.Api;
using Calico.Api.Resources;
using Calico.Datastore;

namespace Calico.Ipam.Tests;

public sealed class ReleaseTests
{
    private readonly IpamFixture _fx = new(DatastoreFactory.CreateInMemory());

    private static AutoAssignRequest Request(string handle, string node = "node1", int num4 = 1, int num6 = 0) =>
        new() { HandleId = handle, Node = node, Num4 = num4, Num6 = num6 };

    [Fact]
    public async Task ReleaseByHandle_AllAddressesOfHandle_FreedAndHandleDeleted()
    {
        await _fx.PoolAsync("v4", "10.0.0.0/16");
        await _fx.PoolAsync("v6", "fd00:1::/64");
        var ipam = _fx.Client();
        var mine = await ipam.AutoAssignAsync(Request("k8s-pod-network.mine", num4: 70, num6: 2));
        var other = await ipam.AutoAssignAsync(Request("k8s-pod-network.other"));

        var released = await ipam.ReleaseByHandleAsync("k8s-pod-network.mine");

        Assert.Equal(mine.IPv4.Concat(mine.IPv6).Select(a => a.Address).OrderBy(a => a.ToString()), released.OrderBy(a => a.ToString()));
        Assert.Null(await _fx.GetAsync<IPAMHandle>(ResourceKinds.IPAMHandle, "k8s-pod-network.mine"));
        var remaining = await _fx.AllocationsAsync();
        Assert.Equal(other.IPv4[0].Address, Assert.Single(remaining).Address);
        Assert.All(await _fx.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock), b => Assert.Equal("host:node1", b.Spec.Affinity));
    }

    [Fact]
    public async Task ReleaseByHandle_Unknown_ReleasesNothing()
    {
        Assert.Empty(await _fx.Client().ReleaseByHandleAsync("k8s-pod-network.never"));
    }

    [Fact]
    public async Task ReleaseByHandle_ReleasedAddresses_AreReusedLast()
    {
        await _fx.PoolAsync("v4", "10.0.0.0/16");
        var ipam = _fx.Client();
        var first = await ipam.AutoAssignAsync(Request("a"));
        await ipam.ReleaseByHandleAsync("a");

        var next = await ipam.AutoAssignAsync(Request("b"));

        Assert.NotEqual(first.IPv4[0].Address, next.IPv4[0].Address);
        var block = Assert.Single(await _fx.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock));
        Assert.Equal(63, block.Spec.Unallocated!.Count);
        Assert.Equal(0, block.Spec.Unallocated[^1]);
    }

    [Fact]
    public async Task ReleaseIps_ByAddress_OnlyThatAddressAndHandleCountDrops()
    {
        await _fx.PoolAsync("v4", "10.0.0.0/16");
        var ipam = _fx.Client();
        var assigned = await ipam.AutoAssignAsync(Request("h", num4: 3));

        var result = await ipam.ReleaseIpsAsync([new IpReleaseRequest(assigned.IPv4[1].Address), new IpReleaseRequest(IPAddress.Parse("10.9.9.9"))]);

        Assert.Equal([assigned.IPv4[1].Address], result.Released);
        Assert.Equal([IPAddress.Parse("10.9.9.9")], result.NotAssigned);
        Assert.Equal(2, (await _fx.GetAsync<IPAMHandle>(ResourceKinds.IPAMHandle, "h"))!.Spec.Block![assigned.IPv4[0].Block.ToString()]);
        Assert.Null(await ipam.GetAllocationAsync(assigned.IPv4[1].Address));
    }

    [Fact]
    public async Task ReleaseIps_LastAddressOfHandle_DeletesHandle()
    {
        await _fx.PoolAsync("v4", "10.0.0.0/16");
        var ipam = _fx.Client();
        var assigned = await ipam.AutoAssignAsync(Request("h"));

        await ipam.ReleaseIpsAsync([new IpReleaseRequest(assigned.IPv4[0].Address)]);

        Assert.Empty(await _fx.ListAsync<IPAMHandle>(ResourceKinds.IPAMHandle));
    }

    [Fact]
    public async Task ReleaseIps_WrongHandleOrSequence_LeavesAddressAlone()
    {
        await _fx.PoolAsync("v4", "10.0.0.0/16");
        var ipam = _fx.Client();
        var address = (await ipam.AutoAssignAsync(Request("h"))).IPv4[0].Address;
        var sequence = (await ipam.GetAllocationAsync(address))!.SequenceNumber;

        var wrongHandle = await ipam.ReleaseIpsAsync([new IpReleaseRequest(address, "other")]);
        var wrongSequence = await ipam.ReleaseIpsAsync([new IpReleaseRequest(address, "h", sequence + 1)]);
        var right = await ipam.ReleaseIpsAsync([new IpReleaseRequest(address, "h", sequence)]);

        Assert.Equal([address], wrongHandle.Mismatched);
        Assert.Equal([address], wrongSequence.Mismatched);
        Assert.Equal([address], right.Released);
    }

    [Fact]
    public async Task ReleaseIps_BorrowedBlockLosesAffinityAndEmpties_BlockDeleted()
    {
        await _fx.PoolAsync("v4", "10.0.0.0/26");
        var ipam = _fx.Client();
        var address = (await ipam.AutoAssignAsync(Request("h", "node1"))).IPv4[0].Address;
        await ipam.ReleaseAffinitiesAsync("node1", requireEmpty: false);
        Assert.Null(Assert.Single(await _fx.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock)).Spec.Affinity);

        await ipam.ReleaseByHandleAsync("h");

        Assert.Empty(await _fx.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock));
        Assert.Null(await ipam.GetAllocationAsync(address));
    }

    [Fact]
    public async Task ReleaseAffinities_EmptyBlock_BlockAndAffinityDeleted()
    {
        await _fx.PoolAsync("v4", "10.0.0.0/16");
        var ipam = _fx.Client();
        var block = (await ipam.AutoAssignAsync(Request("h"))).IPv4[0].Block;
        await ipam.ReleaseByHandleAsync("h");

        var released = await ipam.ReleaseAffinitiesAsync("node1", requireEmpty: true);

        Assert.Equal([block], released);
        Assert.Empty(await _fx.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock));
        Assert.Empty(await _fx.ListAsync<BlockAffinity>(ResourceKinds.BlockAffinity));
    }

    [Fact]
    public async Task ReleaseAffinities_RequireEmptyAndBlockInUse_KeepsAffinity()
    {
        await _fx.PoolAsync("v4", "10.0.0.0/16");
        var ipam = _fx.Client();
        await ipam.AutoAssignAsync(Request("h"));

        var released = await ipam.ReleaseAffinitiesAsync("node1", requireEmpty: true);

        Assert.Empty(released);
        Assert.Equal("confirmed", Assert.Single(await _fx.ListAsync<BlockAffinity>(ResourceKinds.BlockAffinity)).Spec.State);
    }

    [Fact]
    public async Task ReleaseAffinities_PendingDeletionLeftByCrash_IsFinished()
    {
        await _fx.PoolAsync("v4", "10.0.0.0/16");
        var ipam = _fx.Client();
        var block = (await ipam.AutoAssignAsync(Request("h"))).IPv4[0].Block;
        await ipam.ReleaseByHandleAsync("h");
        var name = $"node1-{block.ToString().Replace('.', '-').Replace('/', '-')}";
        var key = ResourceKey.Cluster(ResourceKinds.BlockAffinity.StoreKind, name);
        var stored = (await _fx.Datastore.GetAsync(key))!;
        await _fx.Datastore.UpdateAsync(key, stored.Value.Replace("\"confirmed\"", "\"pendingDeletion\"", StringComparison.Ordinal), stored.Revision);

        var released = await ipam.ReleaseAffinitiesAsync("node1", requireEmpty: true);

        Assert.Equal([block], released);
        Assert.Empty(await _fx.ListAsync<BlockAffinity>(ResourceKinds.BlockAffinity));
    }
}
