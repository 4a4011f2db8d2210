// Calico.Felix.MemoryProbe --db FILE [--node NAME] [--syncer-only]
// Lists the datastore through Felix's ResourceSyncer, feeds the calculation graph, flushes once, and prints the live
// managed heap (after a full blocking GC) at each stage, plus the process's RSS, as one JSON object.
using System.Diagnostics;
using System.Text.Json;
using Calico.Api;
using Calico.Client.Syncing;
using Calico.Datastore;
using Calico.Felix.Calc.Graph;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

if (Option("--db") is not { } db)
{
    await Console.Error.WriteLineAsync("usage: Calico.Felix.MemoryProbe --db FILE [--node NAME]");
    return 2;
}

var node = Option("--node") ?? "bench-node";
var feed = !args.Contains("--syncer-only");
IReadOnlyList<ResourceKind> kinds =
[
    ResourceKinds.IPPool, ResourceKinds.Tier, ResourceKinds.NetworkPolicy, ResourceKinds.GlobalNetworkPolicy, ResourceKinds.KubeNetworkPolicy,
    ResourceKinds.Profile, ResourceKinds.KubeNamespace, ResourceKinds.KubeServiceAccount, ResourceKinds.NetworkSet, ResourceKinds.GlobalNetworkSet,
    ResourceKinds.WorkloadEndpoint, ResourceKinds.HostEndpoint, ResourceKinds.Node, ResourceKinds.IPAMBlock, ResourceKinds.FelixConfiguration,
];

var stages = new List<object>();
void Stage(string name, Stopwatch clock)
{
    var live = GC.GetTotalMemory(forceFullCollection: true);
    using var self = Process.GetCurrentProcess();
    self.Refresh();
    stages.Add(new { stage = name, live_mb = Math.Round(live / 1048576.0, 1), rss_mb = Math.Round(self.WorkingSet64 / 1048576.0, 1), peak_rss_mb = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1), seconds = Math.Round(clock.Elapsed.TotalSeconds, 2) });
}

var clock = Stopwatch.StartNew();
Stage("start", clock);
await using var datastore = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = db });
var syncer = new ResourceSyncer(datastore, kinds);
var graph = new CalculationGraph(node);
var updates = 0;
await foreach (var update in syncer.RunAsync())
{
    switch (update)
    {
        case ResourceUpdated updated when feed:
            graph.OnResourceUpdated(updated.Resource);
            updates++;
            break;
        case InSync:
            graph.OnInSync();
            break;
    }

    if (update is InSync)
    {
        break;
    }
}

Stage("listed and fed to the graph", clock);
var messages = graph.Flush();
Stage("first flush (messages alive)", clock);
var count = messages.Count;
messages = null;
Stage("messages dropped (graph state only)", clock);
GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
Stage("after an aggressive GC (memory returned to the OS)", clock);
GC.KeepAlive(graph);
GC.KeepAlive(syncer);
Console.WriteLine(JsonSerializer.Serialize(new { updates, messages = count, statistics = graph.Statistics.ToString(), stages }, new JsonSerializerOptions { WriteIndented = true }));
return 0;
