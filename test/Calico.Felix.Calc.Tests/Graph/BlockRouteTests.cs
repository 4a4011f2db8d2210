using System.Net;
using Calico.Api.Resources;
using Calico.Api.Values;
using Calico.Core;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Calc.Tests.Support;
using static Calico.Felix.Calc.Tests.Support.Fixtures;

namespace Calico.Felix.Calc.Tests.Graph;

/// <summary>The graph's VXLAN tunnel endpoints and block routes, from Node, IPAMBlock and IPPool resources.</summary>
public class BlockRouteTests
{
    private static readonly IPPool VxlanPool = One<IPPool>("""
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-1}
        spec: {cidr: 10.64.0.0/16, vxlanMode: Always}
        """);

    [Fact]
    public void NodesBlocksAndPool_VtepsThenRoutes_LocalFlagAndSubnetComputed()
    {
        var harness = new GraphHarness();
        harness.Update(VxlanPool);
        harness.Update(NodeResource(GraphHarness.Node, "198.18.0.11/24", "10.64.1.1", "66:00:00:00:00:01"));
        harness.Update(NodeResource(GraphHarness.OtherNode, "198.18.0.12/24", "10.64.2.1", "66:00:00:00:00:02"));
        harness.Update(NodeResource("node-3", "198.18.1.13/24", "10.64.3.1", "66:00:00:00:00:03"));
        harness.Update(Block("10.64.1.0/26", GraphHarness.Node));
        harness.Update(Block("10.64.2.0/26", GraphHarness.OtherNode));
        harness.Update(Block("10.64.3.0/26", "node-3"));
        harness.Update(Block("10.99.0.0/26", GraphHarness.OtherNode));   // in no pool: no route

        var messages = harness.Flush();

        var vteps = messages.OfType<VtepUpdate>().ToList();
        Assert.Equal([GraphHarness.Node, GraphHarness.OtherNode, "node-3"], vteps.Select(v => v.Node));
        Assert.Equal(new VtepUpdate(GraphHarness.OtherNode, IPAddress.Parse("198.18.0.12"), 24, IPAddress.Parse("10.64.2.1"), "66:00:00:00:00:02"), vteps[1]);
        var routes = harness.Dataplane.BlockRoutes;
        Assert.Equal(3, routes.Count);
        Assert.Equal(new BlockRouteUpdate(Cidr.Parse("10.64.1.0/26"), GraphHarness.Node, true, IPAddress.Parse("198.18.0.11"), EncapMode.Always, true), routes[Cidr.Parse("10.64.1.0/26")]);
        Assert.Equal(new BlockRouteUpdate(Cidr.Parse("10.64.2.0/26"), GraphHarness.OtherNode, false, IPAddress.Parse("198.18.0.12"), EncapMode.Always, true), routes[Cidr.Parse("10.64.2.0/26")]);
        Assert.False(routes[Cidr.Parse("10.64.3.0/26")].SameSubnet);
        Assert.True(messages.ToList().FindLastIndex(m => m is VtepUpdate) < messages.ToList().FindIndex(m => m is BlockRouteUpdate), "tunnel endpoints go before the routes that use them");
    }

    [Fact]
    public void AllocationsChangeOnly_NothingSent()
    {
        var harness = new GraphHarness();
        harness.Update(VxlanPool);
        harness.Update(Block("10.64.2.0/26", GraphHarness.OtherNode));
        harness.Flush();

        var changed = Block("10.64.2.0/26", GraphHarness.OtherNode);
        changed.Spec.Allocations = [0, null, null];
        changed.Spec.Attributes = [new AllocationAttribute { HandleId = "k8s-pod-network.x" }];
        harness.Update(changed);

        Assert.Empty(harness.Flush());
    }

    [Fact]
    public void NodeDeleted_VtepRemovedAfterItsRoutesChange_BlockDeletedRemovesRoute()
    {
        var harness = new GraphHarness();
        harness.Update(VxlanPool);
        harness.Update(NodeResource(GraphHarness.Node, "198.18.0.11/24", "10.64.1.1", "66:00:00:00:00:01"));
        var other = NodeResource(GraphHarness.OtherNode, "198.18.0.12/24", "10.64.2.1", "66:00:00:00:00:02");
        harness.Update(other);
        var block = Block("10.64.2.0/26", GraphHarness.OtherNode);
        harness.Update(block);
        harness.Flush();

        harness.Delete(ResourceKey.Of(other));
        var messages = harness.Flush();
        Assert.Equal(
            [new BlockRouteUpdate(Cidr.Parse("10.64.2.0/26"), GraphHarness.OtherNode, false, null, EncapMode.Always, false), new VtepRemove(GraphHarness.OtherNode)],
            messages);

        harness.Delete(ResourceKey.Of(block));
        Assert.Equal([new BlockRouteRemove(Cidr.Parse("10.64.2.0/26"))], harness.Flush());
        Assert.Empty(harness.Dataplane.BlockRoutes);
        Assert.Equal([GraphHarness.Node], harness.Dataplane.Vteps.Keys);
    }

    [Fact]
    public void PoolModeChanged_RoutesResent_PoolDeleted_RoutesRemovedBeforePool()
    {
        var harness = new GraphHarness();
        harness.Update(VxlanPool);
        harness.Update(Block("10.64.2.0/26", GraphHarness.OtherNode));
        harness.Flush();

        harness.Update(Changed(VxlanPool, p => p.Spec.VxlanMode = EncapMode.CrossSubnet));
        Assert.Equal(EncapMode.CrossSubnet, Assert.Single(harness.Flush().OfType<BlockRouteUpdate>()).VxlanMode);

        harness.Delete(ResourceKey.Of(VxlanPool));
        var messages = harness.Flush();
        Assert.Equal([typeof(BlockRouteRemove), typeof(IpPoolRemove)], messages.Select(m => m.GetType()));
    }

    [Fact]
    public void NodeWithoutTunnelAddressOrMac_NoVtep_BadAddress_IsAProblemNotACrash()
    {
        var harness = new GraphHarness();
        harness.Update(NodeResource(GraphHarness.OtherNode, "198.18.0.12/24", tunnel: null, mac: null));
        Assert.Empty(harness.Flush().OfType<VtepUpdate>());

        harness.Update(NodeResource("broken", "not-an-address", "10.64.9.1", "66:00:00:00:00:09"));
        harness.Flush();
        Assert.Contains(harness.Graph.Problems, p => p.Contains("broken", StringComparison.Ordinal) && p.Contains("spec.bgp.ipv4Address", StringComparison.Ordinal));
        Assert.Empty(harness.Dataplane.Vteps);
    }

    [Fact]
    public void ReleasedOrDeletedBlock_NoRoute()
    {
        var harness = new GraphHarness();
        harness.Update(VxlanPool);
        var released = Block("10.64.2.0/26", GraphHarness.OtherNode);
        released.Spec.Affinity = null;
        harness.Update(released);
        var deleted = Block("10.64.3.0/26", GraphHarness.OtherNode);
        deleted.Spec.Deleted = true;
        harness.Update(deleted);

        Assert.Empty(harness.Flush().OfType<BlockRouteUpdate>());
    }

    private static Node NodeResource(string name, string address, string? tunnel, string? mac) => new()
    {
        Metadata = new() { Name = name },
        Spec = new NodeSpec { Bgp = new NodeBgpSpec { Ipv4Address = address }, Ipv4VxlanTunnelAddr = tunnel, VxlanTunnelMacAddr = mac },
    };

    private static IPAMBlock Block(string cidr, string node) => new()
    {
        Metadata = new() { Name = cidr.Replace('.', '-').Replace('/', '-') },
        Spec = new IPAMBlockSpec { Cidr = cidr, Affinity = "host:" + node, Allocations = [null, null, null], Unallocated = [0, 1, 2] },
    };
}
