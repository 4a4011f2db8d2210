using System.Text.Json;
using Calico.Typha.LoadClients;

// Load side of benchmarks/typha/typha_bench.py (README there). One JSON object on stdout (with --wait-for-go, an
// {"event":"in_sync"} line first, then it waits for a line on stdin); progress on stderr.
//   typha --typha HOST:PORT --clients N --store sqlite:PATH|etcd:URLS --plan FILE [--updates 50] [--pause-ms 200]
//         [--round-timeout-s 30] [--wait-for-go] [--inflate-every 20] [--typha-pid PID (its CPU per update)]
//                                                 one baseline client, then N clients (every 20th inflates and decodes
//                                                 the compressed snapshot, the rest take its frames as they are); then
//                                                 single updates
//   watch --watchers N [--stores K] --store ... --plan FILE [--updates 50] ...   the same updates via N direct watches
//   seed --from sqlite:PATH --store etcd:URLS                                    copies a generated store into etcd
const string Usage = "usage: Calico.Typha.LoadClients typha --typha HOST:PORT --clients N --store sqlite:PATH|etcd:URLS --plan FILE [--updates N] [--pause-ms N] [--round-timeout-s N] [--wait-for-go] [--inflate-every N] [--typha-pid PID]\n"
    + "       Calico.Typha.LoadClients watch --watchers N [--stores K] --store sqlite:PATH|etcd:URLS --plan FILE [--updates N] [--pause-ms N]\n"
    + "       Calico.Typha.LoadClients seed --from sqlite:PATH --store etcd:URLS";

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or UriFormatException)
{
    await Console.Error.WriteLineAsync($"Calico.Typha.LoadClients: {e.Message}\n{Usage}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var output = new MemoryStream();
int exit;
using (var json = new Utf8JsonWriter(output))
{
    json.WriteStartObject();
    exit = options.Mode switch
    {
        "typha" => await new TyphaLoad(options).RunAsync(json, stop.Token),
        "watch" => await new WatchLoad(options).RunAsync(json, stop.Token),
        _ => await EtcdSeeder.RunAsync(options, json, stop.Token),
    };
    json.WriteEndObject();
}

await Console.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(output.ToArray()));
return exit;
