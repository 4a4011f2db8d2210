using System.Text.Json;
using Calico.Datastore;

namespace Calico.Typha.LoadClients;

/// <summary>
/// The comparison without Typha: every receiver holds its own watch (IDatastore.WatchAsync over the whole store, as
/// a calico-node without Typha follows the datastore), spread over <c>--stores</c> store instances; a separate store
/// instance writes the changes, so the watchers learn of them as another process's would.
/// </summary>
internal sealed class WatchLoad(LoadOptions options)
{
    public async Task<int> RunAsync(Utf8JsonWriter json, CancellationToken ct)
    {
        json.WriteStartObject("direct_watch");
        json.WriteString("datastore", options.Store.Name);
        json.WriteNumber("watchers", options.Receivers);
        json.WriteNumber("store_instances", options.Stores);
        var stores = new List<IDatastore>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var tracker = new DeliveryTracker();
        var runs = new List<Task>();
        try
        {
            for (var s = 0; s < options.Stores; s++)
            {
                stores.Add(await options.Store.OpenAsync(ct).ConfigureAwait(false));
            }

            await using var writerStore = await options.Store.OpenAsync(ct).ConfigureAwait(false);
            var from = await writerStore.GetRevisionAsync(ct).ConfigureAwait(false);
            var started = MonotonicClock.NowNanoseconds();
            for (var i = 0; i < options.Receivers; i++)
            {
                var receiver = i;
                var store = stores[i % stores.Count];
                runs.Add(Task.Run(async () =>
                {
                    await foreach (var change in store.WatchAsync(new WatchOptions(AfterRevision: from), stop.Token).ConfigureAwait(false))
                    {
                        tracker.Record(receiver, change.Revision);
                    }
                }, ct));
            }

            json.WriteNumber("watches_started_ms", Math.Round(MonotonicClock.MillisecondsSince(started), 1));
            await Console.Error.WriteLineAsync($"{options.Updates} single updates to {options.Receivers} direct {options.Store.Name} watches...").ConfigureAwait(false);
            var series = new UpdateSeries(new UpdateWriter(writerStore, UpdateTarget.ReadPlan(options.PlanPath)), tracker, options.Receivers);
            await series.RunAsync(options.Updates, options.Pause, options.RoundTimeout, ct).ConfigureAwait(false);
            series.WriteTo(json, "update_latency");
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            var failures = 0;
            foreach (var run in runs)
            {
                try
                {
                    await run.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The normal end.
                }
                catch (DatastoreException)
                {
                    failures++;
                }
            }

            foreach (var store in stores)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }

            json.WriteNumber("watch_failures", failures);
            json.WriteEndObject();
        }

        return 0;
    }
}
