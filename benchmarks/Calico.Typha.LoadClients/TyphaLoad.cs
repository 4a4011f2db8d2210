using System.Text.Json;
using Calico.Typha.Client;

namespace Calico.Typha.LoadClients;

/// <summary>
/// The Typha side: one client alone (the baseline), then all clients at once until each is in sync, then (after the
/// driver has read Typha's memory, with <c>--wait-for-go</c>) single changes written to the datastore and timed to
/// every client.
/// </summary>
internal sealed class TyphaLoad(LoadOptions options)
{
    public async Task<int> RunAsync(Utf8JsonWriter json, CancellationToken ct)
    {
        var address = TyphaAddress.ParseList(options.TyphaAddress!, "--typha")[0];
        var clientOptions = new TyphaClientOptions
        {
            Addresses = [address],
            Hostname = "typha-bench",
            ConnectTimeout = TimeSpan.FromSeconds(60),
            ReadTimeout = TimeSpan.FromSeconds(120),
        };

        json.WriteStartObject("typha");
        json.WriteNumber("clients", options.Receivers);

        await Console.Error.WriteLineAsync("one client alone (baselines: compressed and inflated, then plain)...").ConfigureAwait(false);
        await BaselineAsync(json, "one_client", clientOptions, ct).ConfigureAwait(false);
        await BaselineAsync(json, "one_client_plain", clientOptions with { AcceptCompression = false }, ct).ConfigureAwait(false);

        await Console.Error.WriteLineAsync($"{options.Receivers} clients...").ConfigureAwait(false);
        var tracker = new DeliveryTracker();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var wireOnly = clientOptions with { InflateSnapshot = false };
        var clients = Enumerable.Range(0, options.Receivers).Select(i => new LoadClient(i, address, i % options.InflateEvery == 0 ? clientOptions : wireOnly, tracker)).ToArray();
        var start = MonotonicClock.NowNanoseconds();
        var runs = clients.Select(c => Task.Run(() => c.RunAsync(stop.Token), ct)).ToArray();
        var allInSync = Task.WhenAll(clients.Select(c => c.InSync));
        while (await Task.WhenAny(allInSync, Task.Delay(TimeSpan.FromSeconds(10), ct)).ConfigureAwait(false) != allInSync)
        {
            await Console.Error.WriteLineAsync($"  {clients.Count(c => c.InSync.IsCompletedSuccessfully)}/{clients.Length} in sync after {MonotonicClock.MillisecondsSince(start) / 1000:0}s").ConfigureAwait(false);
        }

        var failed = clients.Where(c => !c.InSync.IsCompletedSuccessfully).ToList();
        json.WriteNumber("all_clients_in_sync_ms", Math.Round(MonotonicClock.MillisecondsSince(start), 1));
        Percentiles.Of(clients.Where(c => c.InSync.IsCompletedSuccessfully).Select(c => (c.InSyncAtNanoseconds - start) / 1e6)).WriteTo(json, "client_in_sync");
        json.WriteNumber("clients_failed", failed.Count);
        json.WriteNumber("connect_retries", clients.Sum(c => c.ConnectAttempts - 1));
        var inflating = clients.Where(c => c.Inflates).ToList();
        json.WriteNumber("inflating_clients", inflating.Count);
        json.WriteNumber("kvs_per_inflating_client_min", inflating.Min(c => c.SnapshotKvs));
        json.WriteNumber("kvs_per_inflating_client_max", inflating.Max(c => c.SnapshotKvs));
        var wire = clients.Where(c => !c.Inflates).ToList();
        if (wire.Count > 0)
        {
            json.WriteNumber("compressed_bytes_per_wire_client_min", wire.Min(c => c.CompressedBytes));
            json.WriteNumber("compressed_bytes_per_wire_client_max", wire.Max(c => c.CompressedBytes));
            json.WriteNumber("inflated_bytes_per_wire_client_min", wire.Min(c => c.InflatedBytes));
        }

        if (failed.Count > 0)
        {
            json.WriteString("first_failure", failed[0].InSync.Exception?.InnerException?.Message ?? "cancelled");
        }

        if (options.WaitForGo)
        {
            // The driver reads Typha's memory now, with every client in sync and idle.
            await Console.Out.WriteLineAsync($$"""{"event":"in_sync","clients":{{clients.Length}}}""").ConfigureAwait(false);
            await Console.Out.FlushAsync(ct).ConfigureAwait(false);
            await Console.In.ReadLineAsync(ct).ConfigureAwait(false);
        }

        if (failed.Count == 0)
        {
            await Console.Error.WriteLineAsync($"{options.Updates} single updates to {clients.Length} Typha clients...").ConfigureAwait(false);
            await using var store = await options.Store.OpenAsync(ct).ConfigureAwait(false);
            var series = new UpdateSeries(new UpdateWriter(store, UpdateTarget.ReadPlan(options.PlanPath)), tracker, clients.Length, options.TyphaPid);
            // The sampled clients' inflated snapshots are garbage now: collect it before the timed series rather than
            // during it (one collection here pauses all 2,000 receivers, where 2,000 nodes would each pause alone).
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            await series.RunAsync(options.Updates, options.Pause, options.RoundTimeout, ct).ConfigureAwait(false);
            series.WriteTo(json, "update_latency");
        }

        await stop.CancelAsync().ConfigureAwait(false);
        var errors = 0;
        foreach (var run in runs)
        {
            try
            {
                await run.ConfigureAwait(false);
            }
            catch (Exception e) when (e is TyphaConnectionException or IOException)
            {
                errors++;
            }
        }

        json.WriteNumber("client_errors", errors);
        json.WriteEndObject();
        return failed.Count == 0 ? 0 : 1;
    }

    /// <summary>One client alone until it is in sync (inflating and decoding the whole snapshot, as calico-node would).</summary>
    private static async Task BaselineAsync(Utf8JsonWriter json, string name, TyphaClientOptions clientOptions, CancellationToken ct)
    {
        using var baselineStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var baseline = new LoadClient(0, clientOptions.Addresses[0], clientOptions, new DeliveryTracker());
        var started = MonotonicClock.NowNanoseconds();
        var run = Task.Run(() => baseline.RunAsync(baselineStop.Token), ct);
        await baseline.InSync.ConfigureAwait(false);
        json.WriteNumber($"{name}_in_sync_ms", Math.Round((baseline.InSyncAtNanoseconds - started) / 1e6, 1));
        json.WriteNumber($"{name}_snapshot_kvs", baseline.SnapshotKvs);
        json.WriteNumber($"{name}_snapshot_value_chars", baseline.SnapshotBytes);
        await baselineStop.CancelAsync().ConfigureAwait(false);
        await run.ConfigureAwait(false);
    }
}
