using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Calico.Observability.Health;
using Calico.Observability.Metrics;
using Calico.Observability.Status;
using Calico.Typha.Daemon;
using Calico.Typha.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Typha.Tests;

/// <summary>/readiness is 503 until Typha is in sync with the datastore; /metrics has the documented families.</summary>
public sealed class HealthAndMetricsTests
{
    public static readonly string[] Families =
    [
        "typha_connections_accepted_total", "typha_connections_active", "typha_connections_dropped_total", "typha_snapshot_kvs",
        "typha_snapshot_bytes", "typha_breadcrumb_seq_number", "typha_in_sync", "typha_updates_applied_total", "typha_updates_skipped_total",
        "typha_client_fall_behind_seconds_max", "typha_client_snapshot_send_seconds",
    ];

    [Fact]
    public async Task Readiness_NotReadyUntilInSync_ThenReady_MetricsServed()
    {
        await using var store = await TestStore.CreateAsync();
        await store.Store.CreateAsync(Resources.PoolKey("p"), Resources.Pool("p", "10.0.0.0/16"));
        var gated = new GatedDatastore(store.Store);
        var meterName = $"Calico.Test.Typha.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        using var exporter = new PrometheusTextExporter(meterName);
        var health = new HealthAggregator(TimeProvider.System);
        await using var status = new StatusServer(health, exporter);
        var (healthPort, metricsPort) = (FreePort(), FreePort());
        await status.StartHealthAsync("127.0.0.1", healthPort, CancellationToken.None);
        await status.StartMetricsAsync("127.0.0.1", metricsPort, CancellationToken.None);
        await using var server = new TyphaServer(gated, TestTypha.FastOptions, meter, NullLoggerFactory.Instance, TimeProvider.System);
        await server.StartAsync();
        using var stop = new CancellationTokenSource();
        var reporting = new TyphaHealthReporter(server, health).RunAsync(TimeSpan.FromMilliseconds(50), stop.Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        await Task.Delay(300);
        var listing = await http.GetAsync($"http://127.0.0.1:{healthPort}/readiness");
        var liveWhileListing = await http.GetAsync($"http://127.0.0.1:{healthPort}/liveness");
        gated.Open();
        await SyncStreamTests.WaitAsync(() => server.InSync, "in sync");
        await Task.Delay(200);
        var ready = await http.GetAsync($"http://127.0.0.1:{healthPort}/readiness");
        await using (var client = await RawClient.ConnectAsync(server.LocalEndPoint.Port))
        {
            await SyncStreamTests.WaitAsync(() => server.ActiveConnections == 1, "a connection");
        }

        var metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reporting);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, listing.StatusCode);
        Assert.Contains("listing the datastore", await listing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, liveWhileListing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.All(Families, family => Assert.Contains($"# TYPE {family} ", metrics, StringComparison.Ordinal));
        Assert.Contains("typha_snapshot_kvs{syncer=\"felix\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("typha_in_sync{syncer=\"bgp\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("typha_connections_accepted_total 1", metrics, StringComparison.Ordinal);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
