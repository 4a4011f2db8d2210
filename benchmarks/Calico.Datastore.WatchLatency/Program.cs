using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Calico.Datastore;
using Calico.Datastore.WatchLatency;

// Measures the SQLite datastore on this machine and prints one JSON object:
//   dotnet run -c Release --project benchmarks/Calico.Datastore.WatchLatency -- [--writes 500] [--spacing-ms 2]
//       [--poll-ms 100] [--notify true] [--durable true] [--throughput-writes 1000]
// Latency is from a write's commit returning to its writer until a watcher receives the event, for a watcher in the
// writer's store instance, in a second instance in this process (the top-level figures), and in another process.
// With "--writer-process <path>" it is the writer half of the cross-process measurement.
if (args.Length > 1 && args[0] == "--writer-process")
{
    var writerSettings = BenchmarkSettings.Parse(args[2..]);
    await using var writerStore = await DatastoreFactory.OpenSqliteAsync(writerSettings.StoreOptions(args[1]));
    var times = await Writer.RunAsync(writerStore, writerSettings.Writes, writerSettings.SpacingMs, CancellationToken.None);
    await times.WriteAsync(Console.Out);
    return 0;
}

var settings = BenchmarkSettings.Parse(args);
var directory = Path.Combine(Path.GetTempPath(), $"calico-bench-{Guid.NewGuid():N}");
var path = Path.Combine(directory, "calico.db");
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
var ct = timeout.Token;
try
{
    await using var watcherStore = await DatastoreFactory.OpenSqliteAsync(settings.StoreOptions(path), ct);
    await using var writerStore = await DatastoreFactory.OpenSqliteAsync(settings.StoreOptions(path), ct);
    await writerStore.CreateAsync(Writer.Key, "0", ct);

    var sameInstance = await MeasureAsync(watcherStore, watcherStore);
    var crossInstance = await MeasureAsync(watcherStore, writerStore);
    var crossProcess = await MeasureCrossProcessAsync(watcherStore);
    var idleCpu = await MeasureIdleCpuAsync(watcherStore);
    var writesPerSec = await MeasureThroughputAsync(writerStore);
    double writesPerSecNotDurable;
    await using (var notDurable = await DatastoreFactory.OpenSqliteAsync(
        new SqliteDatastoreOptions { Path = path, DurableCommits = false }, ct))
    {
        writesPerSecNotDurable = await MeasureThroughputAsync(notDurable);
    }

    using var json = new Utf8JsonWriter(Console.OpenStandardOutput(), new JsonWriterOptions { Indented = true });
    json.WriteStartObject();
    json.WriteNumber("p50_ms", crossInstance.P50Ms);
    json.WriteNumber("p99_ms", crossInstance.P99Ms);
    json.WriteNumber("max_ms", crossInstance.MaxMs);
    json.WriteNumber("writes_per_sec", Math.Round(writesPerSec));
    json.WriteNumber("poll_interval_ms", settings.PollMs);
    json.WriteNumber("writes", settings.Writes);
    json.WriteNumber("spacing_ms", settings.SpacingMs);
    json.WriteBoolean("file_notifications", settings.Notify);
    json.WriteBoolean("durable_commits", settings.Durable);
    WriteSummary(json, "same_instance", sameInstance);
    WriteSummary(json, "cross_instance", crossInstance);
    WriteSummary(json, "cross_process", crossProcess);
    json.WriteNumber("writes_per_sec_not_durable", Math.Round(writesPerSecNotDurable));
    json.WriteNumber("idle_cpu_percent_no_watch", idleCpu.Baseline);
    json.WriteNumber("idle_cpu_percent_one_watch", idleCpu.Watching);
    json.WriteString("machine", $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
    json.WriteEndObject();
    json.Flush();
    Console.WriteLine();
    return 0;
}
finally
{
    if (Directory.Exists(directory))
    {
        Directory.Delete(directory, recursive: true);
    }
}

async Task<LatencySummary> MeasureAsync(IDatastore watcher, IDatastore writer)
{
    var (probe, completion) = await LatencyProbe.StartAsync(watcher, settings.Writes, ct);
    var commits = await Writer.RunAsync(writer, settings.Writes, settings.SpacingMs, ct);
    await completion.WaitAsync(TimeSpan.FromMinutes(1), ct);
    return probe.Summarize(commits, probe.Revisions);
}

async Task<LatencySummary> MeasureCrossProcessAsync(IDatastore watcher)
{
    var (probe, completion) = await LatencyProbe.StartAsync(watcher, settings.Writes, ct);
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
    if (string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.Ordinal))
    {
        start.ArgumentList.Add(typeof(LatencyProbe).Assembly.Location);
    }

    foreach (var argument in new[] { "--writer-process", path, "--writes", settings.Writes.ToString(CultureInfo.InvariantCulture),
        "--spacing-ms", settings.SpacingMs.ToString(CultureInfo.InvariantCulture), "--poll-ms", settings.PollMs.ToString(CultureInfo.InvariantCulture),
        "--notify", settings.Notify.ToString(), "--durable", settings.Durable.ToString() })
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var output = await process.StandardOutput.ReadToEndAsync(ct);
    await process.WaitForExitAsync(ct);
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"The writer process failed with exit code {process.ExitCode}.");
    }

    await completion.WaitAsync(TimeSpan.FromMinutes(1), ct);
    return probe.Summarize(CommitTimes.Parse(output), probe.Revisions);
}

async Task<(double Baseline, double Watching)> MeasureIdleCpuAsync(IDatastore watcher)
{
    var baseline = await CpuPercentAsync(TimeSpan.FromSeconds(3));
    using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
    var watching = Task.Run(async () =>
    {
        try
        {
            var after = await watcher.GetRevisionAsync(stop.Token);
            await foreach (var _ in watcher.WatchAsync(new WatchOptions("Nothing", AfterRevision: after), stop.Token))
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
    });
    await Task.Delay(500, ct);
    var withWatch = await CpuPercentAsync(TimeSpan.FromSeconds(3));
    await stop.CancelAsync();
    await watching;
    return (baseline, withWatch);
}

async Task<double> CpuPercentAsync(TimeSpan period)
{
    using var process = Process.GetCurrentProcess();
    var before = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await Task.Delay(period, ct);
    process.Refresh();
    return Math.Round(100 * (process.TotalProcessorTime - before).TotalMilliseconds / clock.Elapsed.TotalMilliseconds, 2);
}

async Task<double> MeasureThroughputAsync(IDatastore store)
{
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < settings.ThroughputWrites; i++)
    {
        await store.UpdateAsync(Writer.Key, i.ToString(CultureInfo.InvariantCulture), null, ct);
    }

    return settings.ThroughputWrites / clock.Elapsed.TotalSeconds;
}

static void WriteSummary(Utf8JsonWriter json, string name, LatencySummary summary)
{
    json.WriteStartObject(name);
    json.WriteNumber("p50_ms", summary.P50Ms);
    json.WriteNumber("p99_ms", summary.P99Ms);
    json.WriteNumber("max_ms", summary.MaxMs);
    json.WriteNumber("samples", summary.Samples);
    json.WriteNumber("early_deliveries", summary.EarlyDeliveries);
    json.WriteEndObject();
}
