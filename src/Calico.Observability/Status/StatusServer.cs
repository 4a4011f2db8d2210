using Microsoft.Extensions.Logging;
using Calico.Observability.Health;
using Calico.Observability.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Calico.Observability.Status;

/// <summary>Felix's status endpoints: /liveness and /readiness (200 or 503, with each reporter's state) and /metrics.</summary>
public sealed class StatusServer(HealthAggregator health, PrometheusTextExporter metrics) : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];

    public IReadOnlyList<string> Addresses => _apps.SelectMany(a => a.Urls).ToList();

    public async Task StartHealthAsync(string host, int port, CancellationToken ct)
    {
        var app = Create(host, port);
        app.MapGet("/liveness", () => Respond(health.Summarize(), s => s.Live));
        app.MapGet("/readiness", () => Respond(health.Summarize(), s => s.Ready));
        await StartAsync(app, ct).ConfigureAwait(false);
    }

    public async Task StartMetricsAsync(string host, int port, CancellationToken ct)
    {
        var app = Create(host, port);
        app.MapGet("/metrics", () => Results.Text(metrics.Render(), "text/plain; version=0.0.4"));
        await StartAsync(app, ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static IResult Respond(HealthSummary summary, Func<HealthSummary, bool> healthy) =>
        Results.Text(string.Join('\n', summary.Reporters) + "\n", "text/plain", statusCode: healthy(summary) ? 200 : 503);

    private WebApplication Create(string host, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders(); // the daemon logs its own events; Kestrel stays quiet
        builder.WebHost.UseUrls($"http://{(host is "localhost" ? "127.0.0.1" : host)}:{port}");
        return builder.Build();
    }

    private async Task StartAsync(WebApplication app, CancellationToken ct)
    {
        await app.StartAsync(ct).ConfigureAwait(false);
        _apps.Add(app);
    }
}
