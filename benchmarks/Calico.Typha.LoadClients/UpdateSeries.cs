using System.Text.Json;

namespace Calico.Typha.LoadClients;

/// <summary>
/// One warm-up change, then <c>updates</c> single changes, each waited for until every receiver has it (or the round
/// times out), with a pause between. Latency is measured from the commit's start, so it includes the commit itself.
/// </summary>
internal sealed class UpdateSeries(UpdateWriter writer, DeliveryTracker tracker, int receivers)
{
    private readonly List<double> _toAll = [];
    private readonly List<double> _perDelivery = [];
    private readonly List<double> _commit = [];
    private int _timedOut;
    private int _missingDeliveries;
    private int _wrongRevisions;

    public async Task RunAsync(int updates, TimeSpan pause, TimeSpan roundTimeout, CancellationToken ct)
    {
        for (var i = -1; i < updates; i++)
        {
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
    }

    public void WriteTo(Utf8JsonWriter json, string name)
    {
        json.WriteStartObject(name);
        json.WriteNumber("updates", _commit.Count);
        Percentiles.Of(_toAll).WriteTo(json, "to_all_receivers");
        Percentiles.Of(_perDelivery).WriteTo(json, "per_delivery");
        Percentiles.Of(_commit).WriteTo(json, "commit");
        json.WriteNumber("rounds_timed_out", _timedOut);
        json.WriteNumber("deliveries_missing", _missingDeliveries);
        json.WriteNumber("wrong_revisions", _wrongRevisions);
        json.WriteNumber("stray_changes", tracker.Stray);
        json.WriteEndObject();
    }
}
