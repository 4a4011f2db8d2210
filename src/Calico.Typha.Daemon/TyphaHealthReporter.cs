using Calico.Observability.Health;
using Calico.Observability.Memory;
using Calico.Typha.Server;

namespace Calico.Typha.Daemon;

/// <summary>
/// Reports Typha's health every second: live while running, ready only once every syncer type's snapshot is in sync
/// with the datastore. The first time it is, the garbage of listing the whole datastore is given back
/// (<see cref="StartOfDayMemory"/>), as calico-node does after its first programmed snapshot.
/// </summary>
public sealed class TyphaHealthReporter
{
    public const string ReporterName = "typha-datastore";

    private readonly TyphaServer _server;
    private readonly HealthAggregator _health;

    public TyphaHealthReporter(TyphaServer server, HealthAggregator health)
    {
        _server = server;
        _health = health;
        health.Register(ReporterName, reportsLive: true, reportsReady: true, timeout: TimeSpan.FromSeconds(10));
    }

    /// <summary>Reports until <paramref name="ct"/> is cancelled (then throws <see cref="OperationCanceledException"/>).</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken ct)
    {
        using var heartbeat = new PeriodicTimer(interval);
        var released = false;
        do
        {
            var inSync = _server.InSync;
            _health.Report(ReporterName, live: true, ready: inSync, inSync ? $"in sync; {_server.ActiveConnections} clients" : "listing the datastore");
            if (inSync && !released)
            {
                released = true;
                StartOfDayMemory.Release();
            }
        }
        while (await heartbeat.WaitForNextTickAsync(ct).ConfigureAwait(false));
    }
}
