using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Calico.Api.Values;
using Calico.Felix.Calc.IpSets;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Loop;
using Calico.Felix.Dataplane.Tests.Infrastructure;
using Calico.Nftables;
using Calico.Policy.Ids;
using Microsoft.Extensions.Logging.Abstractions;
using static Calico.Felix.Dataplane.Tests.Infrastructure.Samples;

namespace Calico.Felix.Dataplane.Tests.Kernel;

/// <summary>
/// The dataplane loop with the filter managers and calico-node's two nftables clients (libnftables for deltas, an
/// <c>nft</c> process for listings) against the kernel. Time moves only when the test advances it, and the periodic
/// resync's listing is held at the client once nft has read the table, so the order of events is fixed, not timed.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class DataplaneLoopKernelTests : IDisposable
{
    /// <summary>Only so that a loop that waits for the listing fails instead of hanging; no assertion depends on time.</summary>
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_resyncInterval = TimeSpan.FromMinutes(1);
    private static readonly Calico.Selectors.Selector Client = Sel("role == 'client'");
    private static readonly PolicyId AllowClients = PolicyId.Namespaced("ns", "allow-clients");
    private readonly Meter _meter = new("Calico.Test.DataplaneLoopKernel");
    private readonly CancellationTokenSource _stop = new();

    public void Dispose()
    {
        _stop.Dispose();
        _meter.Dispose();
    }

    [PrivilegedFact]
    public async Task Run_TableFlushedThenBatchesWhileTheResyncListingIsOutstanding_BatchesProgrammedAtOnceThenTheTableRepaired()
    {
        using var ns = TestNamespace.Create("fdp", "loop-resync");
        var bulk = new HeldListingNftClient(new NftCliClientFactory().Open(ns.Handle));
        using var table = new NftablesTableFactory().Create(new LibNftablesClientFactory().Open(ns.Handle), new NftablesTableOptions { BulkClient = bulk });
        var filter = FilterDataplane.Create(table);
        var clock = new SteppedClock();
        var observer = new RecordingObserver();
        var batches = Channel.CreateUnbounded<DataplaneBatch>();
        var loop = new DataplaneLoop(table, filter.Managers, observer, new DataplaneLoopOptions { ResyncInterval = s_resyncInterval }, _meter, NullLogger.Instance, clock)
            .RunAsync(batches.Reader, _stop.Token);
        var clientSet = IpSetDescriptor.ForSelector(Client).Id;
        await batches.Writer.WriteAsync(new DataplaneBatch(
        [
            Networks(Client, "10.65.1.1"),
            new ActivePolicyUpdate(AllowClients, PolicyOf(AllowClients, ingress: [Rule() with { Source = new() { Selector = Client } }])),
            Workload("web", "cali1", tiers: [Tier("default", TierDefaultAction.Deny, ingress: [AllowClients])], networks: "10.65.0.2/32"),
            new DatastoreInSync(),
        ], 1));
        await WaitUntilAsync(() => observer.Programmed.Count == 1);
        var programmed = KernelRuleset.Read(ns);

        ns.Nft("flush", "table", "inet", "calico");                  // every rule gone: forwarded cali* traffic is no longer policed
        bulk.HoldNextListing();
        clock.Advance(s_resyncInterval);
        await bulk.ListingHeld.WaitAsync(s_hangGuard);               // the periodic resync's nft has read the flushed table

        await batches.Writer.WriteAsync(new DataplaneBatch([new IpSetDeltaUpdate(clientSet, [Member("10.65.1.2")], [])], 2));
        await WaitUntilAsync(() => observer.Programmed.Contains(2));
        var duringListing = KernelRuleset.Read(ns);
        Assert.Contains("\"10.65.1.2\"", duringListing.Elements[SetOf(Client)]);   // the batch is in the kernel...
        Assert.Equal(0, duringListing.RuleCount("cali-FORWARD"));                  // ...while the listing that will repair the flush is still held

        var appliesBefore = observer.Programmed.Count;
        bulk.ReleaseListing();
        await WaitUntilAsync(() => observer.Programmed.Count > appliesBefore);   // no batch, no tick: the apply that takes the listing in
        var repaired = KernelRuleset.Read(ns);
        Assert.Equal(programmed.RuleCounts, repaired.RuleCounts);
        Assert.Equal(programmed.Chains, repaired.Chains);
        Assert.Equal([.. programmed.Elements[SetOf(Client)], "\"10.65.1.2\""], repaired.Elements[SetOf(Client)]);
        Assert.Empty(observer.Failures);

        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.WaitAsync(s_hangGuard));
        Assert.Equal(0, (await table.ResyncAsync()).Commands);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + s_hangGuard;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the dataplane loop did not get there");
            await Task.Delay(10);
        }
    }
}
