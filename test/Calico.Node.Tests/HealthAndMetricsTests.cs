using System.Diagnostics.Metrics;
using Calico.Node.Configuration;
using Calico.Observability.Health;
using Calico.Observability.Metrics;
using Microsoft.Extensions.Logging;

namespace Calico.Node.Tests;

public class HealthAndMetricsTests
{
    [Fact]
    public void Summarize_NoReportYet_NotLiveNotReady()
    {
        var health = new HealthAggregator(TimeProvider.System);
        health.Register("felix", reportsLive: true, reportsReady: true, TimeSpan.FromSeconds(30));

        var summary = health.Summarize();

        Assert.False(summary.Live);
        Assert.False(summary.Ready);
        Assert.Contains("felix: no report yet", summary.Reporters);
    }

    [Fact]
    public void Summarize_NoReadinessReporterYet_NotReady()
    {
        var health = new HealthAggregator(new ManualClock());
        health.Register("liveness-only", reportsLive: true, reportsReady: false, TimeSpan.FromSeconds(10));
        health.Report("liveness-only", live: true, ready: false);

        Assert.True(health.Summarize().Live);
        Assert.False(health.Summarize().Ready);
        Assert.False(new HealthAggregator(new ManualClock()).Summarize().Ready);
    }

    [Fact]
    public void Summarize_ReportGoesStale_NoLongerLive()
    {
        var time = new ManualClock();
        var health = new HealthAggregator(time);
        health.Register("felix", true, true, TimeSpan.FromSeconds(30));
        health.Report("felix", live: true, ready: true);
        Assert.True(health.Summarize().Ready);

        time.Advance(TimeSpan.FromSeconds(31));

        Assert.False(health.Summarize().Live);
        Assert.Contains("stale", health.Summarize().Reporters[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Summarize_ReadinessOnlyReporter_DoesNotAffectLiveness()
    {
        var health = new HealthAggregator(TimeProvider.System);
        health.Register("sync", reportsLive: false, reportsReady: true, TimeSpan.Zero);

        Assert.True(health.Summarize().Live);
        Assert.False(health.Summarize().Ready);
    }

    [Fact]
    public void Render_CounterHistogramAndLabelledGauge_PrometheusText()
    {
        using var exporter = new PrometheusTextExporter();
        using var meter = new Meter("Calico.Test." + Guid.NewGuid().ToString("N"));
        var counter = meter.CreateCounter<long>("felix_test_errors", description: "Errors.");
        var histogram = meter.CreateHistogram<double>("felix_test_apply_seconds");
        meter.CreateObservableGauge("felix_test_sets", () => new[] { new Measurement<int>(3, new KeyValuePair<string, object?>("family", "ipv4")), new Measurement<int>(1, new KeyValuePair<string, object?>("family", "ipv6")) });
        counter.Add(2);
        counter.Add(1);
        histogram.Record(0.003);
        histogram.Record(0.2);

        var text = exporter.Render();

        Assert.Contains("# HELP felix_test_errors_total Errors.\n# TYPE felix_test_errors_total counter\nfelix_test_errors_total 3\n", text, StringComparison.Ordinal);
        Assert.Contains("felix_test_apply_seconds_bucket{le=\"0.005\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("felix_test_apply_seconds_bucket{le=\"+Inf\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("felix_test_apply_seconds_count 2\n", text, StringComparison.Ordinal);
        Assert.Contains("felix_test_sets{family=\"ipv4\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("felix_test_sets{family=\"ipv6\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Defaults_AreCalicos()
    {
        var options = NodeOptionsLoader.Load(new Dictionary<string, string?>(), () => "HOST");

        Assert.Equal(("host", 9099, 9091, false, LogLevel.Information), (options.NodeName, options.HealthPort, options.MetricsPort, options.MetricsEnabled, options.LogLevel));
    }

    [Theory]
    [InlineData("FELIX_HEALTHPORT", "x")]
    [InlineData("FELIX_PROMETHEUSMETRICSPORT", "70000")]
    [InlineData("FELIX_HEALTHENABLED", "maybe")]
    [InlineData("FELIX_LOGSEVERITYSCREEN", "LOUD")]
    [InlineData("FELIX_NFTABLESREFRESHINTERVAL", "soon")]
    [InlineData("FELIX_USEINTERNALDATAPLANEDRIVER", "perhaps")]
    public void Load_BadValue_NamesTheVariable(string name, string value)
    {
        var error = Assert.Throws<NodeConfigurationException>(() => NodeOptionsLoader.Load(new Dictionary<string, string?> { [name] = value }, () => "h"));
        Assert.StartsWith($"{name}=\"{value}\"", error.Message, StringComparison.Ordinal);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
