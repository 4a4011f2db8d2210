using System.Diagnostics.Metrics;
using Calico.Felix.Dataplane.Loop;
using Calico.Observability.Health;
using Calico.Observability.Memory;

namespace Calico.Node.Felix;

/// <summary>
/// Turns what the dataplane loop achieved into readiness and metrics: calico-node is ready only once the first full
/// snapshot is programmed, and <c>felix_programmed_revision</c> says how far the kernel is (tests wait on it).
/// </summary>
internal sealed class DataplaneStatus : IDataplaneObserver
{
    public const string ReporterName = "felix-dataplane";

    private readonly HealthAggregator _health;
    private long _programmedRevision;
    private bool _inSync;

    public DataplaneStatus(HealthAggregator health, Meter meter)
    {
        _health = health;
        meter.CreateObservableGauge("felix_programmed_revision", () => Interlocked.Read(ref _programmedRevision), description: "The datastore revision whose effects the dataplane has programmed.");
        meter.CreateObservableGauge("felix_resync_state", () => _inSync ? 3 : 1, description: "1 while waiting for the first full snapshot to be programmed, 3 once it is.");
        health.Register(ReporterName, reportsLive: true, reportsReady: true, timeout: TimeSpan.FromSeconds(90));
        health.Report(ReporterName, live: true, ready: false, "waiting for the first full sync to be programmed");
    }

    public long ProgrammedRevision => Interlocked.Read(ref _programmedRevision);

    public void OnProgrammed(long revision, bool inSync)
    {
        Interlocked.Exchange(ref _programmedRevision, revision);
        var first = inSync && !_inSync;
        _inSync |= inSync;
        _health.Report(ReporterName, live: true, ready: _inSync, $"programmed up to revision {revision}");
        if (first)
        {
            // Start-of-day decodes the whole datastore and renders the whole ruleset once; what it leaves would keep
            // RSS at its peak for good. Given back once, after readiness is reported (a few hundred milliseconds).
            StartOfDayMemory.Release();
        }
    }

    public void OnApplyFailed(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _health.Report(ReporterName, live: true, ready: _inSync, $"last apply failed: {error.Message}");
    }
}
