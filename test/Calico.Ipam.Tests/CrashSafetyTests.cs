using System.Net;
using Calico.Api;
using Calico.Api.Resources;
using Calico.Datastore;
using Xunit.Abstractions;

namespace Calico.Ipam.Tests;

/// <summary>
/// Simulated CNI processes doing ADDs (AutoAssign, then the WorkloadEndpoint), DELs (endpoint first, then release by
/// handle) and affinity releases die at random writes — before or after the write, by throwing or by hanging — and are
/// replaced, sometimes retrying what they were doing. After every step no address is held twice and every endpoint
/// address is allocated to its handle; at the end the check reports exactly the leaks that exist, release-from-report
/// removes them, and the check is clean.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int Steps = 40;
    private const int MaxCrashesPerTrial = 3;
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData("memory", 60)]
    [InlineData("sqlite", 12)]
    public async Task RandomCrashes_NoDuplicateAddress_EveryLeakFoundAndReleased(string backend, int trials)
    {
        var stats = new TrialStats();
        for (var trial = 0; trial < trials; trial++)
        {
            await RunTrialAsync(backend, trial, stats);
        }

        output.WriteLine($"{backend}: {trials} trials, {stats.Crashes} crashes ({string.Join(", ", stats.ByMode.Select(m => $"{m.Key} {m.Value}"))}), " +
            $"{stats.Adds} ADDs, {stats.Dels} DELs; leaks found and released: {string.Join(", ", stats.Findings.Select(f => $"{f.Key} {f.Value}"))}");
        Assert.True(stats.Crashes >= trials, "every trial should crash at least once");
        Assert.True(stats.Findings.GetValueOrDefault(IpamFindingKind.LeakedAllocation) > 0, "some crash should leak an allocation");
        Assert.True(stats.Findings.GetValueOrDefault(IpamFindingKind.AffinityWithoutBlock) > 0, "some crash should cut a claim in half");
    }

    private async Task RunTrialAsync(string backend, int trial, TrialStats stats)
    {
        var rng = new Random(trial * 7919 + backend.Length);
        var path = Path.Combine(_db.Directory, $"trial-{trial}.db");
        var shared = backend == "memory"
            ? DatastoreFactory.CreateInMemory()
            : await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = path, DurableCommits = false });
        var opened = new List<IDatastore> { shared };
        using var stop = new CancellationTokenSource();
        var abandoned = new List<Task>();
        try
        {
            var setup = new IpamFixture(shared);
            await setup.PoolAsync("v4", "10.0.0.0/24", blockSize: 28);
            var dual = rng.Next(2) == 0;
            if (dual)
            {
                await setup.PoolAsync("v6", "fd00::/120", blockSize: 124);
            }

            if (rng.Next(4) == 0)
            {
                await setup.ConfigAsync(strictAffinity: true);
            }

            string[] nodes = ["n0", "n1", "n2"];
            foreach (var node in nodes)
            {
                await setup.NodeAsync(node);
            }

            var crashes = 0;
            var process = await NewProcessAsync();
            (string Op, string Cid, string Node)? retry = null;
            for (var step = 0; step < Steps; step++)
            {
                var (op, cid, node) = retry ?? await PickAsync(step);
                retry = null;
                var task = op switch
                {
                    "add" => AddAsync(process.Fixture, cid, node, dual),
                    "del" => DelAsync(process.Fixture, cid),
                    _ => process.Fixture.Client().ReleaseAffinitiesAsync(node, requireEmpty: true).AsTask(),
                };
                stats.Count(op);
                if (await Task.WhenAny(task, process.Store.Died) != task || !await SucceededAsync(task, process.Store))
                {
                    // The process died in the middle; kubelet may retry the same ADD or DEL in a new one.
                    crashes++;
                    stats.Crash(process.Mode);
                    abandoned.Add(task);
                    if (op != "affinity" && rng.Next(2) == 0)
                    {
                        retry = (op, cid, node);
                    }

                    process = await NewProcessAsync();
                }

                await AssertInvariantsAsync(setup);
            }

            // A last ADD on a node with no block yet, dying at one of its first writes: pending affinity → block +
            // confirm → allocation → endpoint, so every stage of a claim is cut at some point over the trials.
            var last = await NewProcessAsync(faultAt: 1 + (trial % 4));
            var lastAdd = AddAsync(last.Fixture, $"t{trial}last", "n3", dual);
            if (await Task.WhenAny(lastAdd, last.Store.Died) != lastAdd || !await SucceededAsync(lastAdd, last.Store))
            {
                stats.Crash(last.Mode);
                abandoned.Add(lastAdd);
            }

            await AssertInvariantsAsync(setup);
            await stop.CancelAsync();
            foreach (var task in abandoned)
            {
                await Assert.ThrowsAnyAsync<Exception>(() => task);
            }

            await AssertLeaksFoundAndReleasedAsync(setup, stats);

            async Task<Process> NewProcessAsync(int? faultAt = null)
            {
                var inner = shared;
                if (backend == "sqlite")
                {
                    inner = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = path, DurableCommits = false });
                    opened.Add(inner);
                }

                var at = faultAt ?? (crashes < MaxCrashesPerTrial ? rng.Next(1, 30) : int.MaxValue);
                var mode = (FaultMode)rng.Next(4);
                var store = new FaultyDatastore(inner, at, mode, stop.Token);
                return new Process(store, new IpamFixture(store), mode);
            }

            async Task<(string, string, string)> PickAsync(int step)
            {
                var roll = rng.Next(10);
                var node = nodes[rng.Next(nodes.Length)];
                if (roll < 6)
                {
                    return ("add", $"t{trial}s{step}", node);
                }

                if (roll < 9)
                {
                    var endpoints = await setup.ListAsync<WorkloadEndpoint>(ResourceKinds.WorkloadEndpoint);
                    if (endpoints.Count > 0)
                    {
                        return ("del", endpoints[rng.Next(endpoints.Count)].Spec.ContainerId!, node);
                    }
                }

                return ("affinity", string.Empty, node);
            }
        }
        finally
        {
            foreach (var store in opened)
            {
                await store.DisposeAsync();
            }
        }
    }

    /// <summary>A CNI ADD: assign, then record the endpoint with its addresses.</summary>
    private static async Task AddAsync(IpamFixture fixture, string cid, string node, bool dual)
    {
        var result = await fixture.Client().AutoAssignAsync(new AutoAssignRequest
        {
            HandleId = $"k8s-pod-network.{cid}",
            Node = node,
            Num4 = 1,
            Num6 = dual ? 1 : 0,
        });
        await fixture.EndpointAsync(node, cid, result.IPv4.Concat(result.IPv6).Select(a => a.Address));
    }

    /// <summary>A CNI DEL: remove the endpoint, then release the handle (in this order, so no endpoint keeps a released address).</summary>
    private static async Task DelAsync(IpamFixture fixture, string cid)
    {
        var endpoints = await fixture.ListAsync<WorkloadEndpoint>(ResourceKinds.WorkloadEndpoint);
        foreach (var endpoint in endpoints.Where(e => e.Spec.ContainerId == cid))
        {
            try
            {
                await fixture.Datastore.DeleteAsync(ResourceKey.Namespaced(ResourceKinds.WorkloadEndpoint.StoreKind, endpoint.Namespace!, endpoint.Name));
            }
            catch (ResourceNotFoundException)
            {
            }
        }

        await fixture.Client().ReleaseByHandleAsync($"k8s-pod-network.{cid}");
    }

    private static async Task<bool> SucceededAsync(Task task, FaultyDatastore store)
    {
        try
        {
            await task;
            return true;
        }
        catch (Exception e) when (store.IsDead && e is IpamException or DatastoreException)
        {
            return false;
        }
    }

    /// <summary>No address allocated twice or used twice; every endpoint address is allocated to the endpoint's handle.</summary>
    private static async Task AssertInvariantsAsync(IpamFixture fixture)
    {
        var allocations = await fixture.AllocationsAsync();
        Assert.Equal(allocations.Count, allocations.Select(a => a.Address).Distinct().Count());
        var byAddress = allocations.ToDictionary(a => a.Address, a => a.Handle);
        var used = new HashSet<IPAddress>();
        foreach (var endpoint in await fixture.ListAsync<WorkloadEndpoint>(ResourceKinds.WorkloadEndpoint))
        {
            foreach (var network in endpoint.Spec.IpNetworks!)
            {
                var address = IPAddress.Parse(network.Split('/')[0]);
                Assert.True(used.Add(address), $"{address} is used twice");
                Assert.True(byAddress.TryGetValue(address, out var handle), $"{address} of {endpoint.Name} is not allocated");
                Assert.Equal($"k8s-pod-network.{endpoint.Spec.ContainerId}", handle);
            }
        }
    }

    private static async Task AssertLeaksFoundAndReleasedAsync(IpamFixture fixture, TrialStats stats)
    {
        // Ground truth, computed independently of the checker.
        var allocations = await fixture.AllocationsAsync();
        var endpoints = await fixture.ListAsync<WorkloadEndpoint>(ResourceKinds.WorkloadEndpoint);
        var used = endpoints.SelectMany(e => e.Spec.IpNetworks!).Select(n => n.Split('/')[0]).ToHashSet();
        var leaked = allocations.Where(a => !used.Contains(a.Address.ToString())).Select(a => a.Address.ToString()).Order().ToList();
        var blocks = await fixture.ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock);
        var orphanAffinities = (await fixture.ListAsync<BlockAffinity>(ResourceKinds.BlockAffinity))
            .Where(a => !blocks.Any(b => b.Spec.Cidr == a.Spec.Cidr && b.Spec.Affinity == $"host:{a.Spec.Node}"))
            .Select(a => a.Name).Order().ToList();
        var handlesInUse = allocations.Select(a => a.Handle).ToHashSet();
        var orphanHandles = (await fixture.ListAsync<IPAMHandle>(ResourceKinds.IPAMHandle)).Where(h => !handlesInUse.Contains(h.Name)).Select(h => h.Name).ToList();

        var ipam = fixture.Client();
        var report = IpamCheckReport.FromJson((await ipam.CheckAsync()).ToJson());
        Assert.Equal(leaked, report.Findings.Where(f => f.Kind == IpamFindingKind.LeakedAllocation).Select(f => f.Address!).Order().ToList());
        Assert.Equal(orphanAffinities, report.Findings.Where(f => f.Kind == IpamFindingKind.AffinityWithoutBlock).Select(f => f.Resource!).Order().ToList());
        Assert.Equal(orphanHandles, report.Findings.Where(f => f.Kind == IpamFindingKind.HandleWithoutAllocation).Select(f => f.Resource!).ToList());
        Assert.All(report.Findings, f => Assert.True(f.IsReleasable, f.Message));
        foreach (var finding in report.Findings)
        {
            stats.Found(finding.Kind);
        }

        var released = await ipam.ReleaseFromReportAsync(report);
        Assert.Empty(released.Skipped);
        Assert.Equal(report.Findings.Count, released.Released.Count);
        var after = await ipam.CheckAsync();
        Assert.True(after.IsClean, string.Join("\n", after.Findings.Select(f => f.Message)));

        // Everything still alive can be removed, leaving nothing allocated.
        foreach (var endpoint in endpoints)
        {
            await fixture.Datastore.DeleteAsync(ResourceKey.Namespaced(ResourceKinds.WorkloadEndpoint.StoreKind, endpoint.Namespace!, endpoint.Name));
            await ipam.ReleaseByHandleAsync($"k8s-pod-network.{endpoint.Spec.ContainerId}");
        }

        Assert.Empty(await fixture.AllocationsAsync());
        Assert.Empty(await fixture.ListAsync<IPAMHandle>(ResourceKinds.IPAMHandle));
        Assert.True((await ipam.CheckAsync()).IsClean);
    }

    private sealed record Process(FaultyDatastore Store, IpamFixture Fixture, FaultMode Mode);

    private sealed class TrialStats
    {
        public int Crashes { get; private set; }

        public int Adds { get; private set; }

        public int Dels { get; private set; }

        public SortedDictionary<FaultMode, int> ByMode { get; } = [];

        public SortedDictionary<IpamFindingKind, int> Findings { get; } = [];

        public void Crash(FaultMode mode)
        {
            Crashes++;
            ByMode[mode] = ByMode.GetValueOrDefault(mode) + 1;
        }

        public void Count(string op)
        {
            Adds += op == "add" ? 1 : 0;
            Dels += op == "del" ? 1 : 0;
        }

        public void Found(IpamFindingKind kind) => Findings[kind] = Findings.GetValueOrDefault(kind) + 1;
    }
}
