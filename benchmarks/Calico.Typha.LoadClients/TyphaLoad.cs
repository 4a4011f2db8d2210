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

        await Console.Error.WriteLineAsync("one client (baseline)...").ConfigureAwait(false);
        using (var baselineStop = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var baseline = new LoadClient(0, address, clientOptions, new DeliveryTracker());
            var started = MonotonicClock.NowNanoseconds();
            var run = Task.Run(() => baseline.RunAsync(baselineStop.Token), ct);
            await baseline.InSync.ConfigureAwait(false);
            json.WriteNumber("one_client_in_sync_ms", Math.Round((baseline.InSyncAtNanoseconds - started) / 1e6, 1));
            json.WriteNumber("snapshot_kvs", baseline.SnapshotKvs);
            json.WriteNumber("snapshot_value_chars", baseline.SnapshotBytes);
            await baselineStop.CancelAsync().ConfigureAwait(false);
            await run.ConfigureAwait(false);
        }

        await Console.Error.WriteLineAsync($"{options.Receivers} clients...").ConfigureAwait(false);
        var tracker = new DeliveryTracker();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clients = Enumerable.Range(0, options.Receivers).Select(i => new LoadClient(i, address, clientOptions, tracker)).ToArray();
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
        json.WriteNumber("kvs_per_client_min", clients.Min(c => c.SnapshotKvs));
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
            var series = new UpdateSeries(new UpdateWriter(store, UpdateTarget.ReadPlan(options.PlanPath)), tracker, clients.Length);
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
}
