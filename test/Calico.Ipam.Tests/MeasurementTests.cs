using System.Diagnostics;
using Calico.Datastore;
using Xunit.Abstractions;

namespace Calico.Ipam.Tests;

/// <summary>
/// Throughput figures for docs/ipam.md (printed; the assertions only check the work was done). Run with
/// <c>dotnet test test/Calico.Ipam.Tests --filter Category=Measurement --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class MeasurementTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData("memory", 1000)]
    [InlineData("sqlite", 300)]
    public async Task Throughput_SequentialOneNode_Measured(string backend, int count)
    {
        await using var datastore = backend == "memory" ? DatastoreFactory.CreateInMemory() : await _db.OpenAsync();
        var fixture = new IpamFixture(datastore);
        await fixture.PoolAsync("default", "10.0.0.0/16");
        var ipam = fixture.Client();

        var assign = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await ipam.AutoAssignAsync(new AutoAssignRequest { HandleId = $"k8s-pod-network.c{i}", Node = "node1", Num4 = 1 });
        }

        assign.Stop();
        var release = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await ipam.ReleaseByHandleAsync($"k8s-pod-network.c{i}");
        }

        release.Stop();
        var check = Stopwatch.StartNew();
        Assert.True((await ipam.CheckAsync()).IsClean);
        output.WriteLine($"{backend}, one node, sequential: {count} AutoAssign in {assign.Elapsed.TotalSeconds:F2} s = {count / assign.Elapsed.TotalSeconds:F0}/s; " +
            $"{count} ReleaseByHandle = {count / release.Elapsed.TotalSeconds:F0}/s; check {check.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(4, 1)]
    public async Task Throughput_ConcurrentProcessesOnSqlite_Measured(int nodes, int processesPerNode)
    {
        const int eachProcess = 50;
        await using (var setup = await _db.OpenAsync())
        {
            await new IpamFixture(setup).PoolAsync("default", "10.0.0.0/16");
        }

        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, nodes * processesPerNode).Select(p => Task.Run(async () =>
        {
            await using var datastore = await _db.OpenAsync();
            var ipam = IpamClientFactory.Create(datastore);
            for (var i = 0; i < eachProcess; i++)
            {
                await ipam.AutoAssignAsync(new AutoAssignRequest { HandleId = $"k8s-pod-network.p{p}c{i}", Node = $"node{p % nodes}", Num4 = 1 });
            }
        })));
        stopwatch.Stop();
        var total = nodes * processesPerNode * eachProcess;
        await using var check = await _db.OpenAsync();
        Assert.Equal(total, (await new IpamFixture(check).AllocationsAsync()).Select(a => a.Address).Distinct().Count());
        output.WriteLine($"sqlite, {nodes} node(s) x {processesPerNode} process(es), {eachProcess} AutoAssign each: {total} in {stopwatch.Elapsed.TotalSeconds:F2} s = {total / stopwatch.Elapsed.TotalSeconds:F0}/s");
    }
}
