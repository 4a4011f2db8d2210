using System.Diagnostics.Metrics;
using System.Net;
using Calico.Observability.Metrics;
using Calico.Typha.Client;
using Calico.Typha.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Typha.Tests;

/// <summary>A real Typha server on 127.0.0.1 (ephemeral port unless given) with its own meter and Prometheus exporter.</summary>
internal sealed class TestTypha : IAsyncDisposable
{
    private readonly Meter _meter;

    private TestTypha(TyphaServer server, Meter meter, PrometheusTextExporter exporter, TextLoggerFactory logs)
    {
        Logs = logs;
        Server = server;
        _meter = meter;
        Metrics = exporter;
    }

    public TyphaServer Server { get; }

    /// <summary>What the server logged.</summary>
    public TextLoggerFactory Logs { get; }

    public PrometheusTextExporter Metrics { get; }

    public TyphaAddress Address => new("127.0.0.1", Server.LocalEndPoint.Port);

    /// <summary>Fast timers so tests take seconds: housekeeping every 50 ms.</summary>
    public static TyphaServerOptions FastOptions => new()
    {
        ListenAddress = IPAddress.Loopback,
        Port = 0,
        HousekeepingInterval = TimeSpan.FromMilliseconds(50),
        HandshakeTimeout = TimeSpan.FromSeconds(5),
    };

    public static async Task<TestTypha> StartAsync(TestStore store, TyphaServerOptions? options = null)
    {
        var meterName = $"Calico.Test.Typha.{Guid.NewGuid():N}";
        var meter = new Meter(meterName);
        var exporter = new PrometheusTextExporter(meterName);
        var logs = new TextLoggerFactory();
        var server = new TyphaServer(store.Store, options ?? FastOptions, meter, logs, TimeProvider.System);
        await server.StartAsync();
        return new TestTypha(server, meter, exporter, logs);
    }

    public static TyphaClientOptions ClientOptions(params TyphaAddress[] addresses) => new()
    {
        Addresses = addresses,
        Hostname = "test-client",
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(500),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    public TyphaSyncSource Client(SyncerType type = SyncerType.Felix) => new(ClientOptions(Address), type, NullLogger.Instance, TimeProvider.System);

    public async Task WaitInSyncAsync()
    {
        for (var i = 0; i < 200 && !Server.InSync; i++)
        {
            await Task.Delay(50);
        }

        Assert.True(Server.InSync, "Typha never got in sync with the datastore");
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Metrics.Dispose();
        _meter.Dispose();
    }
}
