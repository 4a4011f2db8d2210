using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Calico.Datastore;

// Issue 6 benchmark: the etcd backend's create, update, get and watch-delivery throughput against etcdctl doing the
// same operations in the same run. Usage: Calico.Datastore.EtcdThroughput ENDPOINTS [OPS] [ETCDCTL_OPS]
// etcdctl runs one process per operation (that is how a script uses it), so its figures include process start-up.
var endpoints = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("ETCD_ENDPOINTS") ?? "http://127.0.0.1:2379";
var ops = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
var ctlOps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
var prefix = $"/calico-bench/{Guid.NewGuid():N}/";
await using var store = await DatastoreFactory.OpenEtcdAsync(new EtcdDatastoreOptions
{
    Endpoints = [.. endpoints.Split(',').Select(e => new Uri(e))],
    KeyPrefix = prefix,
});
var value = """{"metadata":{"name":"x"},"spec":{"cidr":"10.0.0.0/16"}}""";
var results = new Dictionary<string, object>();

async Task<double> RateAsync(Func<int, Task> op, int count)
{
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        await op(i);
    }

    return Math.Round(count / clock.Elapsed.TotalSeconds, 1);
}

var start = await store.GetRevisionAsync();
results["backend_create_per_sec"] = await RateAsync(i => store.CreateAsync(ResourceKey.Cluster("IPPool", $"p{i}"), value).AsTask(), ops);
results["backend_update_per_sec"] = await RateAsync(i => store.UpdateAsync(ResourceKey.Cluster("IPPool", $"p{i}"), value, null).AsTask(), ops);
results["backend_get_per_sec"] = await RateAsync(i => store.GetAsync(ResourceKey.Cluster("IPPool", $"p{i}")).AsTask(), ops);

// Watch delivery: replay the creates and updates just made (2 × ops events) from the start revision.
var watchClock = Stopwatch.StartNew();
var received = 0;
await foreach (var _ in store.WatchAsync(new WatchOptions("IPPool", AfterRevision: start)))
{
    if (++received == 2 * ops)
    {
        break;
    }
}

results["backend_watch_events_per_sec"] = Math.Round(received / watchClock.Elapsed.TotalSeconds, 1);

// The same operations through etcd's JSON gateway (HTTP/1.1 + JSON, base64 keys and values) on the first member: the
// transport the backend could have used instead of gRPC. A gateway put is a plain Put, so it is compared with the
// backend's unconditional update (one Txn); a gateway range with the backend's get; the watch replays the same events.
using (var gateway = new JsonGatewayClient(new Uri(endpoints.Split(',')[0])))
{
    var gwPrefix = $"{prefix}gw/";
    results["gateway_put_per_sec"] = await RateAsync(i => gateway.PutAsync($"{gwPrefix}p{i}", value), ops);
    results["gateway_get_per_sec"] = await RateAsync(i => gateway.GetAsync($"{gwPrefix}p{i}"), ops);
    var gwWatch = Stopwatch.StartNew();
    var gwEvents = await gateway.WatchAsync($"{prefix}ippools/", start + 2, 2 * ops);
    results["gateway_watch_events_per_sec"] = Math.Round(gwEvents / gwWatch.Elapsed.TotalSeconds, 1);
    results["grpc_vs_gateway_write"] = Math.Round((double)results["backend_update_per_sec"] / (double)results["gateway_put_per_sec"], 2);
    results["grpc_vs_gateway_get"] = Math.Round((double)results["backend_get_per_sec"] / (double)results["gateway_get_per_sec"], 2);
    results["grpc_vs_gateway_watch_events"] = Math.Round((double)results["backend_watch_events_per_sec"] / (double)results["gateway_watch_events_per_sec"], 2);
}

async Task<(int Code, string Output)> CtlAsync(params string[] ctlArgs)
{
    var info = new ProcessStartInfo("etcdctl") { RedirectStandardOutput = true, RedirectStandardError = true };
    info.ArgumentList.Add($"--endpoints={endpoints}");
    foreach (var arg in ctlArgs)
    {
        info.ArgumentList.Add(arg);
    }

    using var process = Process.Start(info)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    return (process.ExitCode, output);
}

var ctlPrefix = $"{prefix}ctl/";
results["etcdctl_create_per_sec"] = await RateAsync(i => CtlAsync("put", $"{ctlPrefix}p{i}", value), ctlOps);
results["etcdctl_update_per_sec"] = await RateAsync(i => CtlAsync("put", $"{ctlPrefix}p{i}", value), ctlOps);
results["etcdctl_get_per_sec"] = await RateAsync(i => CtlAsync("get", $"{ctlPrefix}p{i}"), ctlOps);

// etcdctl watch delivery: one process replaying the same 2 × ops events as the backend watched.
var ctlWatch = Stopwatch.StartNew();
var info = new ProcessStartInfo("etcdctl") { RedirectStandardOutput = true };
info.ArgumentList.Add($"--endpoints={endpoints}");
foreach (var arg in new[] { "watch", "--prefix", $"{prefix}ippools/", "--rev", (start + 2).ToString(CultureInfo.InvariantCulture) })
{
    info.ArgumentList.Add(arg);
}

using (var watcher = Process.Start(info)!)
{
    var lines = 0;
    while (await watcher.StandardOutput.ReadLineAsync() is { } line)
    {
        // Three lines per event: PUT, key, value.
        if (line == "PUT" && ++lines == 2 * ops)
        {
            break;
        }
    }

    results["etcdctl_watch_events_per_sec"] = Math.Round(lines / ctlWatch.Elapsed.TotalSeconds, 1);
    watcher.Kill();
}

foreach (var op in new[] { "create", "update", "get", "watch_events" })
{
    results[$"ratio_{op}"] = Math.Round((double)results[$"backend_{op}_per_sec"] / (double)results[$"etcdctl_{op}_per_sec"], 2);
}

results["ops"] = ops;
results["etcdctl_ops"] = ctlOps;
Console.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
