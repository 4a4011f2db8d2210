using System.Diagnostics;
using Calico.Lab.Metrics;

namespace Calico.Lab.Nodes;

/// <summary>
/// Waits until a node's calico-node has programmed a datastore revision: its Prometheus gauge
/// <c>felix_programmed_revision</c> (on the node's 127.0.0.1:9091/metrics, read from inside the node's namespace) is the
/// highest revision whose effects are in the dataplane.
/// </summary>
public sealed class ProgrammedRevision(string nodeName, string nodeNamespace, TimeSpan timeout)
{
    public const string MetricName = "felix_programmed_revision";

    private static readonly Uri MetricsUri = new("http://127.0.0.1:9091/metrics");

    private bool _neverExported;

    public TimeSpan Timeout => timeout;

    /// <summary>What the node says now.</summary>
    public async Task<Reading> ReadAsync(CancellationToken ct = default)
    {
        if (await NamespaceHttp.GetAsync(nodeNamespace, MetricsUri, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false) is not { } response)
        {
            return new Reading(null, "calico-node does not answer on 127.0.0.1:9091/metrics (not running?)");
        }

        if (response.Status != 200)
        {
            return new Reading(null, $"127.0.0.1:9091/metrics answered HTTP {response.Status}");
        }

        return Parse(response.Body) is { } revision
            ? new Reading(revision, $"{MetricName} is {revision}")
            : new Reading(null, $"calico-node's metrics have no {MetricName} (is Felix programming the dataplane yet?)");
    }

    /// <summary>The gauge's value in a Prometheus text exposition (the highest, if it has labels), or null.</summary>
    public static long? Parse(string exposition) => PrometheusGauge.Highest(exposition, MetricName);

    /// <summary>
    /// Waits until the node has programmed <paramref name="revision"/>; throws <see cref="LabException"/>, naming
    /// <paramref name="what"/>, when it has not within the timeout. Once a wait has failed because the metric does not exist at all, later waits
    /// give up after two seconds of the same, so a suite run without Felix fails fast.
    /// </summary>
    public async Task WaitAsync(long revision, string what, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var limit = _neverExported ? TimeSpan.FromSeconds(2) : timeout;
        Reading reading;
        while (true)
        {
            reading = await ReadAsync(ct).ConfigureAwait(false);
            if (reading.Revision is { } programmed && programmed >= revision)
            {
                _neverExported = false;
                return;
            }

            if (clock.Elapsed >= limit)
            {
                break;
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }

        _neverExported = reading.Revision is null;
        throw new LabException($"calico-node on {nodeName} did not program datastore revision {revision} ({what}) within {limit.TotalSeconds:F0} s: {reading.Detail}.");
    }

    public sealed record Reading(long? Revision, string Detail);
}
