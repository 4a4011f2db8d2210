using System.Text.Json;

namespace Calico.Typha.LoadClients;

/// <summary>
/// <see cref="WarmupUpdates"/> untimed changes, then <c>updates</c> single changes, each waited for until every receiver
/// has it (or the round times out), with a pause between. Latency is measured from the commit's start, so it includes
/// the commit itself. The warm-up lets both processes' JIT finish tiering up the delivery path (with 2,000 receivers
/// the first changes make it hot, and the re-compilation then competes for the two cores for a second or two), so the
/// timed changes see a server that has been running, as a real Typha has.
/// </summary>
internal sealed class UpdateSeries(UpdateWriter writer, DeliveryTracker tracker, int receivers, int? serverPid = null)
{
    private readonly List<double> _toAll = [];
    private readonly List<double> _perDelivery = [];
    private readonly List<double> _commit = [];
    private readonly List<double> _first = [];
    private readonly int[] _collections = new int[3];
    private TimeSpan _receiversCpu;
    private TimeSpan? _serverCpu;
    private const int WarmupUpdates = 10;
    private int _timedOut;
    private int _missingDeliveries;
    private int _wrongRevisions;

    public async Task RunAsync(int updates, TimeSpan pause, TimeSpan roundTimeout, CancellationToken ct)
    {
        var collectionsBefore = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var receiversCpu = TimeSpan.Zero;
        TimeSpan? serverCpu = null;
        for (var i = -WarmupUpdates; i < updates; i++)
        {
            if (i == 0)
            {
                collectionsBefore = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
                receiversCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                serverCpu = serverPid is { } pid ? ProcessCpu.Of(pid) : null;
            }

            var round = new DeliveryRound(receivers);
            tracker.Open(round);
            var (revision, start, end) = await writer.WriteNextAsync(ct).ConfigureAwait(false);
            var complete = true;
            try
            {
                await round.AllReceived.WaitAsync(roundTimeout, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                complete = false;
            }

            tracker.Close();
            if (i >= 0)
            {
                var latencies = round.Latencies(start).ToList();
                _perDelivery.AddRange(latencies);
                if (latencies.Count > 0)
                {
                    _first.Add(latencies.Min());
                }

                _commit.Add((end - start) / 1e6);
                _wrongRevisions += round.WrongRevisions(revision);
                if (complete)
                {
                    _toAll.Add(latencies.Max());
                }
                else
                {
                    _timedOut++;
                    _missingDeliveries += round.Missing;
                }
            }

            if ((i + 1) % 10 == 0)
            {
                await Console.Error.WriteLineAsync($"  {i + 1}/{updates} updates delivered").ConfigureAwait(false);
            }

            await Task.Delay(pause, ct).ConfigureAwait(false);
        }

        for (var generation = 0; generation < 3; generation++)
        {
            _collections[generation] = GC.CollectionCount(generation) - collectionsBefore[generation];
        }

        _receiversCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - receiversCpu;
        _serverCpu = serverPid is { } server && serverCpu is { } before ? ProcessCpu.Of(server) - before : null;
    }

    public void WriteTo(Utf8JsonWriter json, string name)
    {
        json.WriteStartObject(name);
        json.WriteNumber("updates", _commit.Count);
        Percentiles.Of(_toAll).WriteTo(json, "to_all_receivers");
        Percentiles.Of(_perDelivery).WriteTo(json, "per_delivery");

        // When the first receiver had it: the datastore and Typha's own path, before the fan-out spreads it.
        Percentiles.Of(_first).WriteTo(json, "first_receiver");
        Percentiles.Of(_commit).WriteTo(json, "commit");
        json.WriteNumber("rounds_timed_out", _timedOut);
        json.WriteNumber("deliveries_missing", _missingDeliveries);
        json.WriteNumber("wrong_revisions", _wrongRevisions);
        json.WriteNumber("stray_changes", tracker.Stray);

        // Collections in the receivers' process during the series (a pause there delays every receiver).
        json.WriteNumber("receiver_gc_gen0", _collections[0]);
        json.WriteNumber("receiver_gc_gen1", _collections[1]);
        json.WriteNumber("receiver_gc_gen2", _collections[2]);

        // CPU per timed change (pauses included): the receivers' process, and the server's when its PID was given.
        json.WriteNumber("receivers_cpu_ms_per_update", Math.Round(_receiversCpu.TotalMilliseconds / Math.Max(1, _commit.Count), 2));
        if (_serverCpu is { } cpu)
        {
            json.WriteNumber("server_cpu_ms_per_update", Math.Round(cpu.TotalMilliseconds / Math.Max(1, _commit.Count), 2));
        }
        json.WriteEndObject();
    }
}
