using System.Net;
using Calico.Api;
using Calico.Api.Resources;
using Calico.Datastore;

namespace Calico.Ipam.Tests;

public sealed class AssignIpTests
{
    private readonly IpamFixture _fx = new(DatastoreFactory.CreateInMemory());

    private static AssignIpRequest Request(string address, string handle = "k8s-pod-network.c1", string node = "node1") =>
        new() { Address = IPAddress.Parse(address), HandleId = handle, Node = node };

    [Fact]
    public async Task AssignIp_FreeAddress_ClaimsItsBlockForNode()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();

        var assigned = await ipam.AssignIpAsync(Request("10.0.5.77"));

        Assert.Equal(IPAddress.Parse("10.0.5.77"), assigned.Address);
        Assert.Equal("10.0.5.64/26", assigned.Block.ToString());
        var block = await _fx.GetAsync<IPAMBlock>(ResourceKinds.IPAMBlock, "10-0-5-64-26");
        Assert.Equal("host:node1", block!.Spec.Affinity);
        Assert.Equal(0, block.Spec.Allocations![13]);
        Assert.DoesNotContain(13, block.Spec.Unallocated!);
        Assert.Equal("confirmed", (await _fx.GetAsync<BlockAffinity>(ResourceKinds.BlockAffinity, "node1-10-0-5-64-26"))!.Spec.State);
    }

    [Fact]
    public async Task AssignIp_Taken_FailsNamingHolder()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();
        await ipam.AssignIpAsync(Request("10.0.5.77", "holder"));

        var error = await Assert.ThrowsAsync<IpamException>(() => ipam.AssignIpAsync(Request("10.0.5.77", "other")).AsTask());

        Assert.Equal(IpamErrorKind.AddressInUse, error.Kind);
        Assert.Equal("10.0.5.77 is already assigned (handle \"holder\", block 10.0.5.64/26)", error.Message);
    }

    [Fact]
    public async Task AssignIp_AutoAssignedAddress_IsTaken()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();
        var auto = await ipam.AutoAssignAsync(new AutoAssignRequest { HandleId = "a", Node = "node1", Num4 = 1 });

        var error = await Assert.ThrowsAsync<IpamException>(() => ipam.AssignIpAsync(Request(auto.IPv4[0].Address.ToString(), "b", "node2")).AsTask());

        Assert.Equal(IpamErrorKind.AddressInUse, error.Kind);
    }

    [Fact]
    public async Task AssignIp_InOtherNodesBlock_BorrowsUnlessStrict()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();
        await ipam.AssignIpAsync(Request("10.0.5.65", "a", "node1"));

        var borrowed = await ipam.AssignIpAsync(Request("10.0.5.66", "b", "node2"));
        await _fx.ConfigAsync(strictAffinity: true);
        var strict = await Assert.ThrowsAsync<IpamException>(() => ipam.AssignIpAsync(Request("10.0.5.67", "c", "node2")).AsTask());

        Assert.Equal("10.0.5.64/26", borrowed.Block.ToString());
        Assert.Equal(IpamErrorKind.NotAffine, strict.Kind);
        Assert.Contains("affine to node \"node1\"", strict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssignIp_OutsidePoolsOrDisabled_Fails()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        await _fx.PoolAsync("off", "10.9.0.0/16", disabled: true);
        var ipam = _fx.Client();

        var outside = await Assert.ThrowsAsync<IpamException>(() => ipam.AssignIpAsync(Request("192.168.1.1")).AsTask());
        var disabled = await Assert.ThrowsAsync<IpamException>(() => ipam.AssignIpAsync(Request("10.9.0.1")).AsTask());

        Assert.Equal(IpamErrorKind.AddressNotInPool, outside.Kind);
        Assert.Contains("in no IPPool", outside.Message, StringComparison.Ordinal);
        Assert.Equal(IpamErrorKind.AddressNotInPool, disabled.Kind);
        Assert.Contains("pool \"off\" (10.9.0.0/16) is disabled", disabled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssignIp_IPv6_Works()
    {
        await _fx.PoolAsync("v6", "fd00:1::/64");
        var ipam = _fx.Client();

        var assigned = await ipam.AssignIpAsync(Request("fd00:1::abcd"));

        Assert.Equal("fd00:1::abc0/122", assigned.Block.ToString());
        Assert.Equal("k8s-pod-network.c1", (await ipam.GetAllocationAsync(IPAddress.Parse("fd00:1::abcd")))!.HandleId);
    }
}
