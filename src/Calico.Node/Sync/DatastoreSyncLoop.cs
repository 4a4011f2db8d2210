using System.Diagnostics.Metrics;
using Calico.Api;
using Calico.Client.Syncing;
using Calico.Datastore;
using Calico.Node.Health;
using Microsoft.Extensions.Logging;

namespace Calico.Node.Sync;

/// <summary>
/// Follows the datastore for the kinds Felix needs and keeps the node's view of them. Live while it runs (a heartbeat
/// every few seconds), ready once the first full snapshot is in. The calculation graph will consume these updates.
/// </summary>
internal sealed partial class DatastoreSyncLoop
{
    public const string ReporterName = "datastore-sync";

    public static IReadOnlyList<ResourceKind> FelixKinds { get; } =
    [
        ResourceKinds.IPPool, ResourceKinds.Tier, ResourceKinds.NetworkPolicy, ResourceKinds.GlobalNetworkPolicy, ResourceKinds.KubeNetworkPolicy,
        ResourceKinds.Profile, ResourceKinds.KubeNamespace, ResourceKinds.KubeServiceAccount, ResourceKinds.NetworkSet, ResourceKinds.GlobalNetworkSet,
        ResourceKinds.WorkloadEndpoint, ResourceKinds.HostEndpoint, ResourceKinds.Node, ResourceKinds.FelixConfiguration,
    ];

    private readonly IDatastore _datastore;
    private readonly HealthAggregator _health;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Counter<long> _updates;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal); // read by metrics scrapes
    private readonly HashSet<(string Kind, string? Namespace, string Name)> _known = [];
    private bool _inSync;

    public DatastoreSyncLoop(IDatastore datastore, HealthAggregator health, Meter meter, ILogger logger, TimeProvider time)
    {
        _datastore = datastore;
        _health = health;
        _logger = logger;
        _time = time;
        _updates = meter.CreateCounter<long>("felix_calc_graph_updates_processed", description: "Datastore updates received by Felix's syncer.");
        meter.CreateObservableGauge("felix_cluster_resources", () => _counts.Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("kind", c.Key))), description: "Resources known, by kind.");
        health.Register(ReporterName, reportsLive: true, reportsReady: true, timeout: TimeSpan.FromSeconds(30));
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var heartbeat = new PeriodicTimer(TimeSpan.FromSeconds(5), _time);
        _ = HeartbeatAsync(heartbeat, ct);
        _health.Report(ReporterName, live: true, ready: false, "listing");
        await foreach (var update in new ResourceSyncer(_datastore, FelixKinds).RunAsync(ct).ConfigureAwait(false))
        {
            _updates.Add(1);
            switch (update)
            {
                case ResourceUpdated u:
                    if (_known.Add((u.Kind.Kind, u.Resource.Namespace, u.Resource.Name)))
                    {
                        _counts[u.Kind.Kind] = _counts.GetValueOrDefault(u.Kind.Kind) + 1;
                    }

                    break;
                case ResourceDeleted d:
                    if (_known.Remove((d.Kind.Kind, d.Key.Namespace, d.Key.Name)))
                    {
                        _counts[d.Kind.Kind]--;
                    }

                    break;
                case ResourceUndecodable bad:
                    LogUndecodable(_logger, bad.Key.ToString(), bad.Error);
                    break;
                case InSync sync:
                    _inSync = true;
                    _health.Report(ReporterName, live: true, ready: true, $"in sync at revision {sync.Revision}");
                    LogInSync(_logger, sync.Revision);
                    break;
                case Resyncing resync:
                    LogResyncing(_logger, resync.Reason);
                    break;
            }
        }
    }

    private async Task HeartbeatAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                _health.Report(ReporterName, live: true, ready: _inSync, _inSync ? "in sync" : "listing");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "In sync with the datastore at revision {Revision}")]
    private static partial void LogInSync(ILogger logger, long revision);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Re-listing the datastore: {Reason}")]
    private static partial void LogResyncing(ILogger logger, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Cannot decode {Key}; treating it as absent: {Error}")]
    private static partial void LogUndecodable(ILogger logger, string key, string error);
}
