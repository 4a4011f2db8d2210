using System.Diagnostics;
using Calico.Api;
using Calico.Api.Resources;
using Calico.Datastore;
using Xunit.Abstractions;

namespace Calico.Ipam.Tests;

/// <summary>
/// Many allocators at once, each with its own datastore instance on one SQLite file, as separate CNI processes would
/// be: no address is ever handed out twice, blocks stay affine to their claimers, and everything can be released.
/// </summary>
public sealed class ConcurrencyTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task AutoAssign_100ConcurrentOnOneNode_UniqueAddressesAndClean()
    {
        await SetUpAsync();

        var elapsed = await RunPodsAsync(Enumerable.Range(0, 100).Select(i => ("node1", $"c{i}")).ToList());

        output.WriteLine($"100 concurrent allocations on one node (100 datastore instances): {elapsed.TotalSeconds:F2} s, {100 / elapsed.TotalSeconds:F0} allocations/s");
        await VerifyAsync(expected: 100);
    }

    [Fact]
    public async Task AutoAssign_50ConcurrentOnEachOf3Nodes_BlocksAffineToClaimerAndClean()
    {
        await SetUpAsync();

        var pods = Enumerable.Range(0, 150).Select(i => ($"node{i % 3}", $"c{i}")).ToList();
        var elapsed = await RunPodsAsync(pods);

        output.WriteLine($"150 concurrent allocations on 3 nodes (150 datastore instances): {elapsed.TotalSeconds:F2} s, {150 / elapsed.TotalSeconds:F0} allocations/s");
        await VerifyAsync(expected: 150);
    }

    [Fact]
    public async Task AssignIp_SameAddressFrom20Processes_ExactlyOneWins()
    {
        await SetUpAsync();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await using var datastore = await _db.OpenAsync();
            var ipam = IpamFactoryFor(datastore);
            await go.Task;
            try
            {
                await ipam.AssignIpAsync(new AssignIpRequest { Address = System.Net.IPAddress.Parse("10.0.42.42"), HandleId = $"h{i}", Node = $"node{i % 4}" });
                return (IpamErrorKind?)null;
            }
            catch (IpamException e)
            {
                return e.Kind;
            }
        })).ToList();
        go.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.Where(o => o is not null), o => Assert.Equal(IpamErrorKind.AddressInUse, o));
        await using var check = await _db.OpenAsync();
        var fixture = new IpamFixture(check);
        Assert.Single(await fixture.AllocationsAsync());
        var block = Assert.Single(await fixture.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock));
        Assert.Single(await fixture.ListAsync<BlockAffinity>(ResourceKinds.BlockAffinity), a => block.Spec.Affinity == $"host:{a.Spec.Node}" && a.Spec.State == "confirmed");
    }

    private static IIpamClient IpamFactoryFor(IDatastore datastore) => IpamClientFactory.Create(datastore);

    private async Task SetUpAsync()
    {
        await using var datastore = await _db.OpenAsync();
        await new IpamFixture(datastore).PoolAsync("default", "10.0.0.0/16");
    }

    /// <summary>Each pod: its own datastore instance, AutoAssign, then the WorkloadEndpoint (as the CNI plugin).</summary>
    private async Task<TimeSpan> RunPodsAsync(List<(string Node, string ContainerId)> pods)
    {
        var ready = 0;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopwatch = new Stopwatch();
        var tasks = pods.Select(pod => Task.Run(async () =>
        {
            await using var datastore = await _db.OpenAsync();
            var fixture = new IpamFixture(datastore);
            var ipam = fixture.Client();
            if (Interlocked.Increment(ref ready) == pods.Count)
            {
                stopwatch.Start();
                go.SetResult();
            }

            await go.Task;
            var result = await ipam.AutoAssignAsync(new AutoAssignRequest
            {
                HandleId = $"k8s-pod-network.{pod.ContainerId}",
                Node = pod.Node,
                Num4 = 1,
                Attributes = new Dictionary<string, string> { ["namespace"] = "default", ["pod"] = $"pod-{pod.ContainerId}" },
            });
            await fixture.EndpointAsync(pod.Node, pod.ContainerId, [result.IPv4[0].Address]);
        })).ToList();
        await Task.WhenAll(tasks);
        stopwatch.Stop();
        return stopwatch.Elapsed;
    }

    private async Task VerifyAsync(int expected)
    {
        await using var datastore = await _db.OpenAsync();
        var fixture = new IpamFixture(datastore);
        var allocations = await fixture.AllocationsAsync();
        Assert.Equal(expected, allocations.Count);
        Assert.Equal(expected, allocations.Select(a => a.Address).Distinct().Count());

        var blocks = await fixture.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock);
        var affinities = await fixture.ListAsync<BlockAffinity>(ResourceKinds.BlockAffinity);
        foreach (var block in blocks)
        {
            var node = block.Spec.Affinity!["host:".Length..];
            var affinity = Assert.Single(affinities, a => a.Spec.Cidr == block.Spec.Cidr);
            Assert.Equal(node, affinity.Spec.Node);
            Assert.Equal("confirmed", affinity.Spec.State);

            // With a /16 pool nobody needs to borrow: every address was allocated by the block's own node.
            Assert.All(block.Spec.Attributes!, a => Assert.Equal(node, a.Secondary!["node"]));
        }

        var endpoints = await fixture.ListAsync<WorkloadEndpoint>(ResourceKinds.WorkloadEndpoint);
        Assert.Equal(expected, endpoints.SelectMany(e => e.Spec.IpNetworks!).Distinct().Count());
        output.WriteLine($"blocks: {blocks.Count}, per node: {string.Join(", ", blocks.GroupBy(b => b.Spec.Affinity).Select(g => $"{g.Key}={g.Count()}"))}");

        var ipam = fixture.Client();
        var report = await ipam.CheckAsync();
        Assert.True(report.IsClean, string.Join("\n", report.Findings.Select(f => f.Message)));

        // Release everything concurrently, as CNI DELs would: endpoint first, then the handle.
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(endpoints.Select(endpoint => Task.Run(async () =>
        {
            await using var own = await _db.OpenAsync();
            await own.DeleteAsync(ResourceKey.Namespaced(ResourceKinds.WorkloadEndpoint.StoreKind, endpoint.Namespace!, endpoint.Name));
            Assert.Single(await IpamClientFactory.Create(own).ReleaseByHandleAsync($"k8s-pod-network.{endpoint.Spec.ContainerId}"));
        })));
        output.WriteLine($"{endpoints.Count} concurrent releases: {stopwatch.Elapsed.TotalSeconds:F2} s");

        Assert.Empty(await fixture.AllocationsAsync());
        Assert.Empty(await fixture.ListAsync<IPAMHandle>(ResourceKinds.IPAMHandle));
        Assert.True((await ipam.CheckAsync()).IsClean);
    }
}
