using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Calico.Client.Syncing;
using Calico.Felix.Calc.Graph;
using Calico.Felix.Dataplane.Loop;
using Calico.Observability.Health;
using Microsoft.Extensions.Logging;

namespace Calico.Node.Felix;

/// <summary>
/// Follows the datastore for the kinds Felix needs (an <see cref="ISyncSource"/>: the datastore directly, or a Typha), feeds every update to the calculation graph,
/// and hands each flush to the dataplane loop as one batch carrying the datastore revision it reflects. Nothing is
/// flushed before the first complete listing, so the dataplane's first apply is the whole snapshot. Updates that
/// arrive together are coalesced into one flush.
/// </summary>
internal sealed partial class CalcGraphLoop
{
    public const string ReporterName = "calc-graph";

    private readonly ISyncSource _source;
    private readonly CalculationGraph _graph;
    private readonly HealthAggregator _health;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Histogram<double> _updateTime;
    private readonly Counter<long> _updates;
    private readonly HashSet<string> _loggedProblems = new(StringComparer.Ordinal);
    private int _problemCount;
    private bool _inSync;

    public CalcGraphLoop(ISyncSource source, CalculationGraph graph, HealthAggregator health, Meter meter, ILogger logger, TimeProvider time)
    {
        _source = source;
        _graph = graph;
        _health = health;
        _logger = logger;
        _time = time;
        _updateTime = meter.CreateHistogram<double>("felix_calc_graph_update_time_seconds", "s", "Time for the calculation graph to process one batch of datastore updates and flush.");
        _updates = meter.CreateCounter<long>("felix_calc_graph_updates_processed", description: "Datastore updates fed to the calculation graph.");
        meter.CreateObservableGauge("felix_active_local_endpoints", () => _graph.Statistics.LocalEndpoints, description: "Workload and host endpoints on this node.");
        meter.CreateObservableGauge("felix_active_local_policies", () => _graph.Statistics.ActivePolicies, description: "Policies that select at least one local endpoint.");
        meter.CreateObservableGauge("felix_active_local_profiles", () => _graph.Statistics.ActiveProfiles, description: "Profiles named by local endpoints.");
        meter.CreateObservableGauge("felix_ipsets_calico", () => _graph.Statistics.ActiveIpSets, description: "IP sets active on this node.");
        meter.CreateObservableGauge("felix_cluster_policies", () => _graph.Statistics.Policies, description: "Policies in the cluster.");
        meter.CreateObservableGauge("felix_calc_graph_problems", () => Volatile.Read(ref _problemCount), description: "Policies or endpoints that cannot be rendered as written (their endpoints fail closed).");
        health.Register(ReporterName, reportsLive: true, reportsReady: false, timeout: TimeSpan.FromSeconds(60));
    }

    /// <summary>Syncer updates queued for the graph at most.</summary>
    public const int UpdateQueueCapacity = 4096;

    public async Task RunAsync(ChannelWriter<DataplaneBatch> output, CancellationToken ct)
    {
        _health.Report(ReporterName, live: true, ready: false, "listing");
        // Bounded: the syncer hands over decoded resources one by one; if the graph falls behind (start-of-day), the
        // syncer waits rather than piling up a listing's worth of decoded resources.
        var updates = Channel.CreateBounded<SyncUpdate>(new BoundedChannelOptions(UpdateQueueCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        var pump = _source.RunAsync(ct).PumpAsync(updates.Writer, ct);
        long revision = 0;
        try
        {
            using var heartbeat = new PeriodicTimer(TimeSpan.FromSeconds(5), _time);
            var tick = heartbeat.WaitForNextTickAsync(ct).AsTask();
            Task<bool>? waiting = null;
            while (true)
            {
                waiting ??= updates.Reader.WaitToReadAsync(ct).AsTask();
                await Task.WhenAny(waiting, tick).ConfigureAwait(false);
                if (tick.IsCompleted)
                {
                    await tick.ConfigureAwait(false);
                    _health.Report(ReporterName, live: true, ready: false, _inSync ? "in sync" : "listing");
                    tick = heartbeat.WaitForNextTickAsync(ct).AsTask();
                }

                if (!waiting.IsCompleted)
                {
                    continue;
                }

                if (!await waiting.ConfigureAwait(false))
                {
                    break;
                }

                waiting = null;
                var started = Stopwatch.GetTimestamp();
                var fed = 0;
                while (updates.Reader.TryRead(out var update))
                {
                    revision = Math.Max(revision, Feed(update));
                    fed++;
                }

                _updates.Add(fed);
                if (!_inSync)
                {
                    continue;
                }

                var messages = _graph.Flush();
                _updateTime.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                ReportProblems();
                await output.WriteAsync(new DataplaneBatch(messages, revision), ct).ConfigureAwait(false);
            }
        }
        finally
        {
            output.TryComplete();
            await pump.ConfigureAwait(false);
        }
    }

    /// <summary>Feeds one update; returns the revision it carries (0 if none).</summary>
    private long Feed(SyncUpdate update)
    {
        switch (update)
        {
            case ResourceUpdated u:
                _graph.OnResourceUpdated(u.Resource);
                return u.Revision;
            case ResourceDeleted d:
                _graph.OnResourceDeleted(d.Kind.ClrType.Name, d.Key.Namespace, d.Key.Name);
                return d.Revision;
            case ResourceUndecodable bad:
                LogUndecodable(_logger, bad.Key.ToString(), bad.Error);
                _graph.OnResourceDeleted(bad.Kind.ClrType.Name, bad.Key.Namespace, bad.Key.Name);
                return bad.Revision;
            case InSync sync:
                _inSync = true;
                _graph.OnInSync();
                LogInSync(_logger, sync.Revision);
                return sync.Revision;
            case Resyncing resync:
                LogResyncing(_logger, resync.Reason);
                return 0;
            default:
                return 0;
        }
    }

    private void ReportProblems()
    {
        var problems = _graph.Problems;
        Volatile.Write(ref _problemCount, problems.Count);
        foreach (var problem in problems)
        {
            if (_loggedProblems.Add(problem))
            {
                LogProblem(_logger, problem);
            }
        }

        if (_loggedProblems.Count > problems.Count)
        {
            _loggedProblems.IntersectWith(problems);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "In sync with the datastore at revision {Revision}")]
    private static partial void LogInSync(ILogger logger, long revision);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Re-listing the datastore: {Reason}")]
    private static partial void LogResyncing(ILogger logger, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Cannot decode {Key}; treating it as absent: {Error}")]
    private static partial void LogUndecodable(ILogger logger, string key, string error);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Cannot render as written: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);
}
