using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Calico.Netlink;
using Calico.Netlink.Benchmarks;

// Usage (root): dotnet run -c Release --project benchmarks/Calico.Netlink.Benchmarks -- [iterations] [warmup] [settle-ms]
// settle-ms: an untimed pause between create and delete (the kernel's veth teardown cost depends on it).
// Everything happens in two scratch namespaces (calico-bench-nl-*), never in the namespace this process runs in.
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var warmup = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var settle = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0);
var ipamDirectory = Directory.CreateTempSubdirectory("calico-bench-nl-ipam-");
var withReference = File.Exists(Path.Combine(ReferenceCniPlumber.DefaultPluginDirectory, "bridge"))
    && File.Exists(Path.Combine(ReferenceCniPlumber.DefaultPluginDirectory, "host-local"));
IPodPlumber[] plumbers = withReference
    ? [new LibraryPlumber(new RouteNetlinkFactory()), new IpCommandPlumber(), new ReferenceCniPlumber(ReferenceCniPlumber.DefaultPluginDirectory, ipamDirectory.FullName)]
    : [new LibraryPlumber(new RouteNetlinkFactory()), new IpCommandPlumber()];
var netnsExec = new List<double>();
var openHandle = new List<double>();
var create = plumbers.ToDictionary(p => p.Name, _ => new List<double>());
var delete = plumbers.ToDictionary(p => p.Name, _ => new List<double>());

using (var namespaces = BenchmarkNamespaces.Create())
{
    for (var i = 0; i < warmup + iterations; i++)
    {
        // Interleaved, alternating which goes first, so both see the same machine state.
        var execStarted = Stopwatch.GetTimestamp();
        Command.Run("ip", "netns", "exec", namespaces.Host, "true");
        if (i >= warmup)
        {
            netnsExec.Add(Stopwatch.GetElapsedTime(execStarted).TotalMilliseconds);
        }

        foreach (var plumber in i % 2 == 0 ? plumbers : plumbers.Reverse())
        {
            var id = (i * plumbers.Length) + Array.IndexOf(plumbers, plumber);
            var started = Stopwatch.GetTimestamp();
            plumber.Create(namespaces, id);
            var created = Stopwatch.GetTimestamp();
            if (settle > TimeSpan.Zero)
            {
                Thread.Sleep(settle);
            }

            var deleting = Stopwatch.GetTimestamp();
            plumber.Delete(namespaces, id);
            var deleted = Stopwatch.GetTimestamp();
            if (i >= warmup)
            {
                create[plumber.Name].Add(Stopwatch.GetElapsedTime(started, created).TotalMilliseconds);
                delete[plumber.Name].Add(Stopwatch.GetElapsedTime(deleting, deleted).TotalMilliseconds);
            }
        }
    }

    // The fixed cost inside "library": opening a namespace handle and a socket in it (a thread that setns()es).
    var factory = new RouteNetlinkFactory();
    for (var i = 0; i < warmup + iterations; i++)
    {
        var started = Stopwatch.GetTimestamp();
        using (var podNs = NetworkNamespace.OpenNamed(namespaces.Pod))
        using (factory.Open(podNs))
        {
        }

        if (i >= warmup)
        {
            openHandle.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}

ipamDirectory.Delete(recursive: true);

using var output = Console.OpenStandardOutput();
using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
json.WriteStartObject();
json.WriteString("scenario", "Calico pod plumbing: veth with peer in pod ns, MAC, MTU, up, pod /32 + 169.254.1.1 scope link + default route, host /32 route, proxy_arp+forwarding; then delete the veth");
json.WriteNumber("iterations", iterations);
json.WriteNumber("warmup", warmup);
json.WriteNumber("settle_ms_between_create_and_delete", settle.TotalMilliseconds);
json.WriteString("kernel", Environment.OSVersion.VersionString);
json.WriteNumber("processors", Environment.ProcessorCount);
var summaries = new Dictionary<string, (LatencySummary Create, LatencySummary Delete, LatencySummary Total)>();
foreach (var plumber in plumbers)
{
    var totals = create[plumber.Name].Zip(delete[plumber.Name], (c, d) => c + d).ToList();
    var summary = (LatencySummary.Of(create[plumber.Name]), LatencySummary.Of(delete[plumber.Name]), LatencySummary.Of(totals));
    summaries[plumber.Name] = summary;
    json.WriteStartObject(plumber.Name);
    summary.Item1.WriteTo(json, "create");
    summary.Item2.WriteTo(json, "delete");
    summary.Item3.WriteTo(json, "create_plus_delete");
    json.WriteEndObject();
}

LatencySummary.Of(netnsExec).WriteTo(json, "netns-exec-overhead");
LatencySummary.Of(openHandle).WriteTo(json, "library-open-namespace-and-socket");
json.WriteStartObject("ratio_ip_over_library_median");
json.WriteNumber("create", Math.Round(summaries["ip-commands"].Create.Median / summaries["library"].Create.Median, 1));
json.WriteNumber("delete", Math.Round(summaries["ip-commands"].Delete.Median / summaries["library"].Delete.Median, 1));
json.WriteNumber("create_plus_delete", Math.Round(summaries["ip-commands"].Total.Median / summaries["library"].Total.Median, 1));
json.WriteEndObject();
json.WriteEndObject();
json.Flush();
Console.WriteLine();
