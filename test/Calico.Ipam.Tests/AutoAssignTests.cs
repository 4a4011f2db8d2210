using Calico.Api;
using Calico.Api.Resources;
using Calico.Api.Values;
using Calico.Core;
using Calico.Datastore;

namespace Calico.Ipam.Tests;

public sealed class AutoAssignTests
{
    private readonly IpamFixture _fx = new(DatastoreFactory.CreateInMemory());

    private static AutoAssignRequest Request(string handle, string node, int num4 = 1, int num6 = 0) =>
        new() { HandleId = handle, Node = node, Num4 = num4, Num6 = num6 };

    [Fact]
    public async Task AutoAssign_EmptyNode_ClaimsSlash26BlockAffineToNode()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();

        var result = await ipam.AutoAssignAsync(Request("k8s-pod-network.c1", "node1"));

        var assigned = Assert.Single(result.IPv4);
        Assert.Empty(result.IPv6);
        Assert.Equal(26, assigned.Block.PrefixLength);
        Assert.True(assigned.Block.Contains(assigned.Address));
        Assert.Equal("default", assigned.Pool);
        var block = Assert.Single(await _fx.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock));
        Assert.Equal(assigned.Block.ToString().Replace('.', '-').Replace('/', '-'), block.Name);
        Assert.Equal("host:node1", block.Spec.Affinity);
        var affinity = Assert.Single(await _fx.ListAsync<BlockAffinity>(ResourceKinds.BlockAffinity));
        Assert.Equal($"node1-{block.Name}", affinity.Name);
        Assert.Equal("confirmed", affinity.Spec.State);
        Assert.Equal("node1", affinity.Spec.Node);
        Assert.Equal("host", affinity.Spec.Type);
        Assert.Equal(assigned.Block.ToString(), affinity.Spec.Cidr);
    }

    [Fact]
    public async Task AutoAssign_SecondRequestOnNode_UsesAffineBlockFirst()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();

        var first = await ipam.AutoAssignAsync(Request("h1", "node1"));
        var second = await ipam.AutoAssignAsync(Request("h2", "node1"));

        Assert.Equal(first.IPv4[0].Block, second.IPv4[0].Block);
        Assert.NotEqual(first.IPv4[0].Address, second.IPv4[0].Address);
        Assert.Single(await _fx.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock));
    }

    [Fact]
    public async Task AutoAssign_AffineBlockFull_ClaimsAnotherBlockForNode()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();

        var result = await ipam.AutoAssignAsync(Request("h1", "node1", num4: 70));

        Assert.Equal(70, result.IPv4.Select(a => a.Address).Distinct().Count());
        var blocks = await _fx.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock);
        Assert.Equal(2, blocks.Count);
        Assert.All(blocks, b => Assert.Equal("host:node1", b.Spec.Affinity));
        Assert.Equal(64, result.IPv4.Count(a => a.Block == result.IPv4[0].Block));
    }

    [Fact]
    public async Task AutoAssign_OtherNodeOwnsAllBlocks_BorrowsFromItsBlock()
    {
        await _fx.PoolAsync("small", "10.0.0.0/26");
        var ipam = _fx.Client();
        var owner = await ipam.AutoAssignAsync(Request("h1", "node1"));

        var borrowed = await ipam.AutoAssignAsync(Request("h2", "node2"));

        Assert.Equal(owner.IPv4[0].Block, borrowed.IPv4[0].Block);
        var info = await ipam.GetAllocationAsync(borrowed.IPv4[0].Address);
        Assert.NotNull(info);
        Assert.Equal("node1", info.BlockNode);
        Assert.Equal("node2", info.Node);
        Assert.True(info.Borrowed);
        Assert.DoesNotContain(await _fx.ListAsync<BlockAffinity>(ResourceKinds.BlockAffinity), a => a.Spec.Node == "node2");
    }

    [Fact]
    public async Task AutoAssign_StrictAffinity_DoesNotBorrowAndSaysWhy()
    {
        await _fx.PoolAsync("small", "10.0.0.0/26");
        await _fx.ConfigAsync(strictAffinity: true);
        var ipam = _fx.Client();
        await ipam.AutoAssignAsync(Request("h1", "node1"));

        var error = await Assert.ThrowsAsync<IpamException>(() => ipam.AutoAssignAsync(Request("h2", "node2")).AsTask());

        Assert.Equal(IpamErrorKind.PoolsExhausted, error.Kind);
        Assert.Contains("pool \"small\" (10.0.0.0/26)", error.Message, StringComparison.Ordinal);
        Assert.Contains("strictAffinity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoAssign_NoPoolMatches_ExplainsEachExclusion()
    {
        await _fx.PoolAsync("off", "10.1.0.0/16", disabled: true);
        await _fx.PoolAsync("east", "10.2.0.0/16", nodeSelector: "zone == 'east'");
        await _fx.PoolAsync("tunnels", "10.3.0.0/16", uses: [IPPoolAllowedUse.Tunnel]);
        await _fx.PoolAsync("v6", "fd00::/48");
        await _fx.NodeAsync("node1", new Dictionary<string, string> { ["zone"] = "west" });

        var error = await Assert.ThrowsAsync<IpamException>(() => _fx.Client().AutoAssignAsync(Request("h", "node1")).AsTask());

        Assert.Equal(IpamErrorKind.NoMatchingPool, error.Kind);
        Assert.Contains("pool \"off\" (10.1.0.0/16) is disabled", error.Message, StringComparison.Ordinal);
        Assert.Contains("pool \"east\" (10.2.0.0/16) nodeSelector \"zone == 'east'\" does not match (the node's labels are {zone=west})", error.Message, StringComparison.Ordinal);
        Assert.Contains("pool \"tunnels\" (10.3.0.0/16) does not allow Workload (allowedUses: Tunnel)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("v6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoAssign_NoPoolAtAll_SaysNoneExists()
    {
        var error = await Assert.ThrowsAsync<IpamException>(() => _fx.Client().AutoAssignAsync(Request("h", "node1")).AsTask());

        Assert.Equal(IpamErrorKind.NoMatchingPool, error.Kind);
        Assert.Contains("no IPv4 IPPool exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoAssign_NodeSelector_PicksPoolMatchingNodeLabels()
    {
        await _fx.PoolAsync("east", "10.2.0.0/16", nodeSelector: "zone == 'east'");
        await _fx.PoolAsync("west", "10.3.0.0/16", nodeSelector: "zone == 'west'");
        await _fx.NodeAsync("w1", new Dictionary<string, string> { ["zone"] = "west" });
        var ipam = _fx.Client();

        var west = await ipam.AutoAssignAsync(Request("h1", "w1"));
        var unlabelled = await Assert.ThrowsAsync<IpamException>(() => ipam.AutoAssignAsync(Request("h2", "ghost")).AsTask());

        Assert.Equal("west", west.IPv4[0].Pool);
        Assert.True(Cidr.Parse("10.3.0.0/16").Contains(west.IPv4[0].Address));
        Assert.Contains("no Node resource", unlabelled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoAssign_TunnelUse_OnlyUsesPoolsAllowingTunnel()
    {
        await _fx.PoolAsync("workloads", "10.2.0.0/16", uses: [IPPoolAllowedUse.Workload]);
        await _fx.PoolAsync("tunnels", "10.3.0.0/16", uses: [IPPoolAllowedUse.Tunnel]);
        var ipam = _fx.Client();

        var tunnel = await ipam.AutoAssignAsync(Request("vxlan-tunnel-addr-node1", "node1") with { Use = IPPoolAllowedUse.Tunnel });
        var workload = await ipam.AutoAssignAsync(Request("k8s-pod-network.c1", "node1"));

        Assert.Equal("tunnels", tunnel.IPv4[0].Pool);
        Assert.Equal("workloads", workload.IPv4[0].Pool);
    }

    [Fact]
    public async Task AutoAssign_PoolDisabledAfterUse_GivesNoNewAddressesFromIt()
    {
        await _fx.PoolAsync("a", "10.2.0.0/16");
        var ipam = _fx.Client();
        await ipam.AutoAssignAsync(Request("h1", "node1"));
        await _fx.PoolAsync("a", "10.2.0.0/16", disabled: true);
        await _fx.PoolAsync("b", "10.3.0.0/16");

        var next = await ipam.AutoAssignAsync(Request("h2", "node1"));
        await _fx.PoolAsync("b", "10.3.0.0/16", disabled: true);
        var none = await Assert.ThrowsAsync<IpamException>(() => ipam.AutoAssignAsync(Request("h3", "node1")).AsTask());

        Assert.Equal("b", next.IPv4[0].Pool);
        Assert.Equal(IpamErrorKind.NoMatchingPool, none.Kind);
        Assert.Contains("is disabled", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoAssign_NamedPools_ByNameOrCidr()
    {
        await _fx.PoolAsync("a", "10.2.0.0/16");
        await _fx.PoolAsync("b", "10.3.0.0/16", nodeSelector: "!all()");
        var ipam = _fx.Client();

        var byName = await ipam.AutoAssignAsync(Request("h1", "node1") with { IPv4Pools = ["b"] });
        var byCidr = await ipam.AutoAssignAsync(Request("h2", "node1") with { IPv4Pools = ["10.3.0.0/16"] });
        var unknown = await Assert.ThrowsAsync<IpamException>(() => ipam.AutoAssignAsync(Request("h3", "node1") with { IPv4Pools = ["nope"] }).AsTask());
        var wrongFamily = await Assert.ThrowsAsync<IpamException>(() => ipam.AutoAssignAsync(Request("h4", "node1") with { IPv6Pools = ["a"], Num4 = 0, Num6 = 1 }).AsTask());

        Assert.Equal("b", byName.IPv4[0].Pool);
        Assert.Equal("b", byCidr.IPv4[0].Pool);
        Assert.Equal(IpamErrorKind.NoMatchingPool, unknown.Kind);
        Assert.Contains("\"nope\" does not exist (known pools: a (10.2.0.0/16), b (10.3.0.0/16))", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(IpamErrorKind.InvalidRequest, wrongFamily.Kind);
    }

    [Fact]
    public async Task AutoAssign_IPv6_UsesSlash122Blocks()
    {
        await _fx.PoolAsync("v6", "fd00:1::/64");
        var ipam = _fx.Client();

        var result = await ipam.AutoAssignAsync(Request("h1", "node1", num4: 0, num6: 2));

        Assert.Empty(result.IPv4);
        Assert.Equal(2, result.IPv6.Count);
        Assert.All(result.IPv6, a => Assert.Equal(122, a.Block.PrefixLength));
        Assert.All(result.IPv6, a => Assert.True(Cidr.Parse("fd00:1::/64").Contains(a.Address)));
        var block = Assert.Single(await _fx.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock));
        Assert.Equal(64, block.Spec.Allocations!.Count);
        Assert.Equal(result.IPv6[0].Block.ToString().Replace(':', '-').Replace('/', '-'), block.Name);
    }

    [Fact]
    public async Task AutoAssign_DualStack_AssignsBothFamiliesToOneHandle()
    {
        await _fx.PoolAsync("v4", "10.0.0.0/16");
        await _fx.PoolAsync("v6", "fd00:1::/64");
        var ipam = _fx.Client();

        var result = await ipam.AutoAssignAsync(Request("k8s-pod-network.dual", "node1", num4: 1, num6: 1));

        Assert.Single(result.IPv4);
        Assert.Single(result.IPv6);
        var handle = await _fx.GetAsync<IPAMHandle>(ResourceKinds.IPAMHandle, "k8s-pod-network.dual");
        Assert.NotNull(handle);
        Assert.Equal(2, handle.Spec.Block!.Count);
        Assert.Equal(1, handle.Spec.Block[result.IPv4[0].Block.ToString()]);
        Assert.Equal(1, handle.Spec.Block[result.IPv6[0].Block.ToString()]);
    }

    [Fact]
    public async Task AutoAssign_SecondFamilyFails_ReleasesFirstFamilysAddresses()
    {
        await _fx.PoolAsync("v4", "10.0.0.0/16");
        var ipam = _fx.Client();

        var error = await Assert.ThrowsAsync<IpamException>(() => ipam.AutoAssignAsync(Request("h", "node1", num4: 1, num6: 1)).AsTask());

        Assert.Equal(IpamErrorKind.NoMatchingPool, error.Kind);
        Assert.Empty(await _fx.AllocationsAsync());
        Assert.Empty(await _fx.ListAsync<IPAMHandle>(ResourceKinds.IPAMHandle));
    }

    [Fact]
    public async Task AutoAssign_PoolExhausted_NamesPoolAndLeavesNothingAllocated()
    {
        await _fx.PoolAsync("tiny", "10.0.0.0/26");
        var ipam = _fx.Client();

        var error = await Assert.ThrowsAsync<IpamException>(() => ipam.AutoAssignAsync(Request("h", "node1", num4: 65)).AsTask());

        Assert.Equal(IpamErrorKind.PoolsExhausted, error.Kind);
        Assert.Equal("no free IPv4 addresses left for node \"node1\" in pool \"tiny\" (10.0.0.0/26): assigned 64 of 65", error.Message);
        Assert.Empty(await _fx.AllocationsAsync());
        Assert.Empty(await _fx.ListAsync<IPAMHandle>(ResourceKinds.IPAMHandle));
    }

    [Fact]
    public async Task AutoAssign_MaxBlocksPerHost_RefusesNewBlockWhenFull()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        await _fx.ConfigAsync(maxBlocksPerHost: 1);
        var ipam = _fx.Client();
        await ipam.AutoAssignAsync(Request("h1", "node1", num4: 64));

        var error = await Assert.ThrowsAsync<IpamException>(() => ipam.AutoAssignAsync(Request("h2", "node1")).AsTask());

        Assert.Equal(IpamErrorKind.BlockLimitReached, error.Kind);
        Assert.Contains("maxBlocksPerHost is 1", error.Message, StringComparison.Ordinal);
        Assert.Single(await _fx.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock));
    }

    [Fact]
    public async Task AutoAssign_RequestBlockLimitStricterThanConfig_Applies()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        await _fx.ConfigAsync(maxBlocksPerHost: 5);
        var ipam = _fx.Client();

        var error = await Assert.ThrowsAsync<IpamException>(() => ipam.AutoAssignAsync(Request("h1", "node1", num4: 65) with { MaxBlocksPerHost = 1 }).AsTask());

        Assert.Equal(IpamErrorKind.BlockLimitReached, error.Kind);
        Assert.Empty(await _fx.AllocationsAsync());
    }

    [Fact]
    public async Task AutoAssign_AutoAllocateBlocksOff_OnlyBorrows()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();
        var owner = await ipam.AutoAssignAsync(Request("h1", "node1"));
        await _fx.ConfigAsync(autoAllocateBlocks: false);

        var borrowed = await ipam.AutoAssignAsync(Request("h2", "node2"));

        Assert.Equal(owner.IPv4[0].Block, borrowed.IPv4[0].Block);
        Assert.Single(await _fx.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock));
    }

    [Fact]
    public async Task AutoAssign_Attributes_StoredWithHandleAndNode()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();

        var result = await ipam.AutoAssignAsync(Request("k8s-pod-network.c1", "node1") with
        {
            Attributes = new Dictionary<string, string> { ["namespace"] = "app", ["pod"] = "web-0" },
        });

        var block = Assert.Single(await _fx.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock));
        var attribute = Assert.Single(block.Spec.Attributes!);
        Assert.Equal("k8s-pod-network.c1", attribute.HandleId);
        Assert.Equal(new Dictionary<string, string> { ["namespace"] = "app", ["node"] = "node1", ["pod"] = "web-0" }, attribute.Secondary!);
        Assert.Equal(63, block.Spec.Unallocated!.Count);
        var info = await ipam.GetAllocationAsync(result.IPv4[0].Address);
        Assert.Equal("web-0", info!.Attributes["pod"]);
    }

    [Fact]
    public async Task AutoAssign_SameHandleTwice_HandleCountsBoth()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();

        await ipam.AutoAssignAsync(Request("h", "node1"));
        var second = await ipam.AutoAssignAsync(Request("h", "node1"));

        var handle = await _fx.GetAsync<IPAMHandle>(ResourceKinds.IPAMHandle, "h");
        Assert.Equal(2, handle!.Spec.Block![second.IPv4[0].Block.ToString()]);
        Assert.Equal("h", handle.Spec.HandleId);
    }

    [Fact]
    public async Task AutoAssign_ManyNodes_ClaimDistinctBlocks()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();

        var blocks = new List<Cidr>();
        for (var n = 0; n < 8; n++)
        {
            blocks.Add((await ipam.AutoAssignAsync(Request($"h{n}", $"node{n}"))).IPv4[0].Block);
        }

        Assert.Equal(8, blocks.Distinct().Count());
        var stored = await _fx.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock);
        Assert.Equal(8, stored.Select(b => b.Spec.Affinity).Distinct().Count());
    }

    [Fact]
    public async Task AutoAssign_DatastoreUnavailable_ClearTransientError()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var dead = new FaultyDatastore(_fx.Datastore, 1, FaultMode.ThrowBefore, CancellationToken.None);
        await Assert.ThrowsAsync<DatastoreUnavailableException>(() => dead.CreateAsync(ResourceKey.Cluster("X", "y"), "{}").AsTask());

        var error = await Assert.ThrowsAsync<IpamException>(() => IpamClientFactory.Create(dead).AutoAssignAsync(Request("h", "node1")).AsTask());

        Assert.Equal(IpamErrorKind.DatastoreUnavailable, error.Kind);
        Assert.True(error.IsTransient);
        Assert.StartsWith("the datastore is unavailable (reading Node \"node1\")", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoAssign_BadArguments_Throw()
    {
        var ipam = _fx.Client();

        await Assert.ThrowsAsync<ArgumentException>(() => ipam.AutoAssignAsync(Request("", "node1")).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ipam.AutoAssignAsync(Request("h", "node1", num4: -1)).AsTask());
        Assert.Empty((await ipam.AutoAssignAsync(Request("h", "node1", num4: 0))).IPv4);
    }
}
