using System.Net;
using Calico.Api;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Datastore;

namespace Calico.Ipam.Tests;

public sealed class CheckTests
{
    private readonly IpamFixture _fx = new(DatastoreFactory.CreateInMemory());

    private async Task<AssignedAddress> PodAsync(IIpamClient ipam, string containerId, string node = "node1", bool withEndpoint = true)
    {
        var assigned = (await ipam.AutoAssignAsync(new AutoAssignRequest { HandleId = $"k8s-pod-network.{containerId}", Node = node, Num4 = 1 })).IPv4[0];
        if (withEndpoint)
        {
            await _fx.EndpointAsync(node, containerId, [assigned.Address]);
        }

        return assigned;
    }

    [Fact]
    public async Task Check_Consistent_IsClean()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        await _fx.NodeAsync("node1", vxlanTunnelAddress: null);
        var ipam = _fx.Client();
        await PodAsync(ipam, "c1");
        await PodAsync(ipam, "c2", "node2");
        var tunnel = (await ipam.AutoAssignAsync(new AutoAssignRequest { HandleId = "vxlan-tunnel-addr-node1", Node = "node1", Num4 = 1, Use = Api.Values.IPPoolAllowedUse.Tunnel })).IPv4[0];
        await _fx.NodeAsync("node1", vxlanTunnelAddress: tunnel.Address.ToString());

        var report = await ipam.CheckAsync();

        Assert.True(report.IsClean, string.Join("\n", report.Findings.Select(f => f.Message)));
        Assert.Equal(3, report.Counts.Allocations);
        Assert.Equal(2, report.Counts.WorkloadAddresses);
        Assert.Equal(1, report.Counts.NodeAddresses);
        Assert.Equal(3, report.Counts.Handles);
        Assert.Equal(2, report.Counts.Blocks);
    }

    [Fact]
    public async Task Check_AllocationWithoutEndpoint_ReportedAsLeak()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();
        var leaked = await PodAsync(ipam, "gone", withEndpoint: false);
        await PodAsync(ipam, "alive");

        var report = await ipam.CheckAsync();

        var finding = Assert.Single(report.Findings);
        Assert.Equal(IpamFindingKind.LeakedAllocation, finding.Kind);
        Assert.Equal(leaked.Address.ToString(), finding.Address);
        Assert.Equal("k8s-pod-network.gone", finding.HandleId);
        Assert.NotNull(finding.SequenceNumber);
        Assert.Contains("no WorkloadEndpoint has containerID gone", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_TunnelAllocationWithoutNodeField_ReportedAsLeak()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        await _fx.NodeAsync("node1");
        var ipam = _fx.Client();
        await ipam.AutoAssignAsync(new AutoAssignRequest { HandleId = "vxlan-tunnel-addr-node1", Node = "node1", Num4 = 1 });

        var finding = Assert.Single((await ipam.CheckAsync()).Findings);

        Assert.Equal(IpamFindingKind.LeakedAllocation, finding.Kind);
        Assert.Contains("Node \"node1\" (ipv4VXLANTunnelAddr)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_EndpointAddressNotAllocated_Reported()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        await _fx.EndpointAsync("node1", "c9", [IPAddress.Parse("10.0.3.3"), IPAddress.Parse("192.168.9.9")]);

        var finding = Assert.Single((await _fx.Client().CheckAsync()).Findings);

        Assert.Equal(IpamFindingKind.EndpointAddressNotAllocated, finding.Kind);
        Assert.Equal("10.0.3.3", finding.Address);
        Assert.Equal(["Workload(default/node1-k8s-pod--c9-eth0)"], finding.Owners);
    }

    [Fact]
    public async Task Check_AddressUsedTwice_ReportedWithBothOwners()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();
        var first = await PodAsync(ipam, "c1");
        await _fx.EndpointAsync("node1", "c2", [first.Address]);

        var report = await ipam.CheckAsync();

        var multiple = Assert.Single(report.Findings, f => f.Kind == IpamFindingKind.AddressWithMultipleOwners);
        Assert.Equal(2, multiple.Owners!.Count);
        Assert.DoesNotContain(report.Findings, f => f.Kind == IpamFindingKind.LeakedAllocation);
    }

    [Fact]
    public async Task Check_AddressUsedByOtherContainer_ReportedAsOwnerMismatch()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();
        var assigned = await PodAsync(ipam, "c1", withEndpoint: false);
        await _fx.EndpointAsync("node1", "c2", [assigned.Address]);

        var finding = Assert.Single((await ipam.CheckAsync()).Findings);

        Assert.Equal(IpamFindingKind.AllocationOwnerMismatch, finding.Kind);
        Assert.False(finding.IsReleasable);
    }

    [Fact]
    public async Task Check_OverlappingBlocks_ReportDuplicateAllocation()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();
        var assigned = await ipam.AssignIpAsync(new AssignIpRequest { Address = IPAddress.Parse("10.0.0.1"), HandleId = "a", Node = "node1" });
        var stored = (await _fx.Datastore.GetAsync(ResourceKey.Cluster("IPAMBlock", "10-0-0-0-26")))!;
        var block = (IPAMBlock)ResourceCodec.DecodeStored(ResourceKinds.IPAMBlock, stored.Value);
        block.Metadata.Name = "10-0-0-0-27";
        block.Spec.Cidr = "10.0.0.0/27";
        block.Spec.Allocations = block.Spec.Allocations!.Take(32).ToList();
        block.Spec.Unallocated = block.Spec.Unallocated!.Where(u => u < 32).ToList();
        block.Spec.Attributes![0].HandleId = "b";
        await _fx.Datastore.CreateAsync(ResourceKey.Cluster("IPAMBlock", "10-0-0-0-27"), ResourceCodec.EncodeJson(block));

        var report = await ipam.CheckAsync();

        var duplicate = Assert.Single(report.Findings, f => f.Kind == IpamFindingKind.DuplicateAllocation);
        Assert.Equal(assigned.Address.ToString(), duplicate.Address);
        Assert.Single(report.Findings, f => f.Kind == IpamFindingKind.AllocationWithoutHandle && f.HandleId == "b");
        Assert.Single(report.Findings, f => f.Kind == IpamFindingKind.BlockWithoutAffinity && f.Block == "10.0.0.0/27");
    }

    [Fact]
    public async Task Check_HandleAndAffinityOrphans_Reported()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();
        var handle = new IPAMHandle { Metadata = { Name = "k8s-pod-network.orphan" }, Spec = { HandleId = "k8s-pod-network.orphan", Block = new() { ["10.0.0.0/26"] = 1 } } };
        await _fx.Datastore.CreateAsync(ResourceKey.Cluster("IPAMHandle", handle.Name), ResourceCodec.EncodeJson(handle));
        var affinity = new BlockAffinity { Metadata = { Name = "node1-10-0-7-0-26" }, Spec = { State = "pending", Node = "node1", Type = "host", Cidr = "10.0.7.0/26" } };
        await _fx.Datastore.CreateAsync(ResourceKey.Cluster("BlockAffinity", affinity.Name), ResourceCodec.EncodeJson(affinity));

        var report = await ipam.CheckAsync();

        Assert.Equal([IpamFindingKind.HandleWithoutAllocation, IpamFindingKind.AffinityWithoutBlock], report.Findings.Select(f => f.Kind));
        Assert.All(report.Findings, f => Assert.True(f.IsReleasable));
        Assert.Contains("the block does not exist", report.Findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseFromReport_Leaks_ReleasedThenClean()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();
        await PodAsync(ipam, "gone", withEndpoint: false);
        var alive = await PodAsync(ipam, "alive");
        var affinity = new BlockAffinity { Metadata = { Name = "node1-10-0-7-0-26" }, Spec = { State = "pending", Node = "node1", Type = "host", Cidr = "10.0.7.0/26" } };
        await _fx.Datastore.CreateAsync(ResourceKey.Cluster("BlockAffinity", affinity.Name), ResourceCodec.EncodeJson(affinity));
        var report = IpamCheckReport.FromJson((await ipam.CheckAsync()).ToJson());

        var result = await ipam.ReleaseFromReportAsync(report);

        Assert.Equal(2, result.Released.Count);
        Assert.Empty(result.Skipped);
        Assert.True((await ipam.CheckAsync()).IsClean);
        Assert.Equal(alive.Address, Assert.Single(await _fx.AllocationsAsync()).Address);
        Assert.Null(await _fx.GetAsync<IPAMHandle>(ResourceKinds.IPAMHandle, "k8s-pod-network.gone"));
    }

    [Fact]
    public async Task ReleaseFromReport_StaleReport_NeverFreesLiveAddress()
    {
        await _fx.PoolAsync("small", "10.0.0.0/30", blockSize: 30);
        var ipam = _fx.Client();
        var leakedThenReused = await PodAsync(ipam, "a", withEndpoint: false);
        var leakedThenUsed = await PodAsync(ipam, "b", withEndpoint: false);
        var report = await ipam.CheckAsync();
        Assert.Equal(2, report.Count(IpamFindingKind.LeakedAllocation));

        // Since the report: a's address was released and given to another pod; b's pod showed up after all.
        await ipam.ReleaseByHandleAsync("k8s-pod-network.a");
        var others = new List<AssignedAddress>();
        for (var i = 0; i < 3; i++)
        {
            others.Add(await PodAsync(ipam, $"new{i}"));
        }

        Assert.Contains(others, o => o.Address.Equals(leakedThenReused.Address));
        await _fx.EndpointAsync("node1", "b", [leakedThenUsed.Address]);

        var result = await ipam.ReleaseFromReportAsync(report);

        Assert.Empty(result.Released);
        Assert.Equal(2, result.Skipped.Count);
        Assert.Equal(4, (await _fx.AllocationsAsync()).Count);
        Assert.True((await ipam.CheckAsync()).IsClean);
    }

    [Fact]
    public async Task ReleaseFromReport_ManualFindings_Skipped()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        await _fx.EndpointAsync("node1", "c9", [IPAddress.Parse("10.0.3.3")]);
        var ipam = _fx.Client();

        var result = await ipam.ReleaseFromReportAsync(await ipam.CheckAsync());

        var skipped = Assert.Single(result.Skipped);
        Assert.Contains("needs a person", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportJson_RoundTrips_AndRejectsOtherFormats()
    {
        await _fx.PoolAsync("default", "10.0.0.0/16");
        var ipam = _fx.Client();
        await PodAsync(ipam, "gone", withEndpoint: false);
        var report = await ipam.CheckAsync();

        var json = report.ToJson();
        var back = IpamCheckReport.FromJson(json);

        Assert.Contains("\"kind\": \"LeakedAllocation\"", json, StringComparison.Ordinal);
        Assert.Contains("\"format\": \"calico-ipam-check/v1\"", json, StringComparison.Ordinal);
        Assert.Equal(report.Findings, back.Findings, (a, b) => a.Kind == b.Kind && a.Address == b.Address && a.SequenceNumber == b.SequenceNumber && a.HandleId == b.HandleId);
        Assert.Equal(report.Counts, back.Counts);
        Assert.Equal(IpamErrorKind.InvalidRequest, Assert.Throws<IpamException>(() => IpamCheckReport.FromJson("{\"format\":\"x\"}")).Kind);
        Assert.Equal(IpamErrorKind.InvalidRequest, Assert.Throws<IpamException>(() => IpamCheckReport.FromJson("not json")).Kind);
    }
}
