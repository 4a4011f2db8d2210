using System.Diagnostics.Metrics;

namespace Calico.Typha.Server;

/// <summary>
/// Typha's Prometheus metrics (names as Calico's where one exists): connections accepted, active and dropped (by
/// reason), snapshot size, breadcrumbs, updates, and how far behind the slowest client is.
/// </summary>
internal sealed class TyphaMetrics
{
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _dropped;
    private readonly Histogram<double> _snapshotSend;

    public TyphaMetrics(Meter meter, TyphaServer server)
    {
        _accepted = meter.CreateCounter<long>("typha_connections_accepted", description: "Connections accepted (before TLS and hello).");
        _dropped = meter.CreateCounter<long>("typha_connections_dropped", description: "Connections the server ended, by reason: limit, rebalance, fell-behind, ping-timeout, handshake, protocol, shutting-down.");
        _snapshotSend = meter.CreateHistogram<double>("typha_client_snapshot_send_seconds", "s", "Time to send a new client its snapshot.");
        meter.CreateObservableGauge("typha_connections_active", () => (long)server.ActiveConnections, description: "Open client connections.");
        meter.CreateObservableGauge("typha_snapshot_kvs", () => server.Caches.Select(c => new Measurement<long>(c.Current.Snapshot.Count, Syncer(c))), description: "Keys in the current snapshot, per syncer type.");
        meter.CreateObservableGauge("typha_snapshot_bytes", () => server.Caches.Select(c => new Measurement<long>(c.Current.SnapshotBytes, Syncer(c))), description: "Encoded size of the current snapshot (shared by every client), per syncer type.");
        meter.CreateObservableGauge("typha_breadcrumb_seq_number", () => server.Caches.Select(c => new Measurement<long>(c.Current.Sequence, Syncer(c))), description: "Sequence number of the newest breadcrumb, per syncer type.");
        meter.CreateObservableGauge("typha_in_sync", () => server.Caches.Select(c => new Measurement<long>(c.Current.InSync ? 1 : 0, Syncer(c))), description: "1 once the snapshot is complete (in sync with the datastore), per syncer type.");
        meter.CreateObservableCounter("typha_updates_applied", () => server.Caches.Select(c => new Measurement<long>(c.UpdatesApplied, Syncer(c))), description: "Datastore updates that changed the snapshot, per syncer type.");
        meter.CreateObservableCounter("typha_updates_skipped", () => server.Caches.Select(c => new Measurement<long>(c.UpdatesSkipped, Syncer(c))), description: "Datastore updates that changed nothing (identical rewrite, unknown deletion), per syncer type.");
        meter.CreateObservableCounter("typha_snapshots_compressed", () => server.Caches.Select(c => new Measurement<long>(c.SnapshotsCompressed, Syncer(c))), description: "Times the snapshot was compressed for new clients (shared by every client joining within the reuse window), per syncer type.");
        meter.CreateObservableGauge("typha_snapshot_compressed_bytes", () => server.Caches.Select(c => new Measurement<long>(c.CompressedSnapshotBytes, Syncer(c))), description: "Size of the last compressed snapshot, per syncer type.");
        meter.CreateObservableGauge("typha_client_fall_behind_seconds_max", () => server.MaxClientLagSeconds(), "s", "Age of the oldest change not yet sent to the slowest client.");
    }

    public void Accepted() => _accepted.Add(1);

    public void Dropped(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void SnapshotSent(double seconds) => _snapshotSend.Record(seconds);

    private static KeyValuePair<string, object?> Syncer(Cache.SnapshotCache cache) => new("syncer", SyncerKinds.Name(cache.SyncerType));
}
