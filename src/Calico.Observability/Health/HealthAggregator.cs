namespace Calico.Observability.Health;

/// <summary>
/// Felix's health model: components register what they report (liveness, readiness) and a timeout; each reports its
/// state as it runs. The node is live when every liveness reporter is live and fresh, ready when every readiness
/// reporter is ready and fresh. A reporter that stops reporting for longer than its timeout counts as failing.
/// </summary>
public sealed class HealthAggregator(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Reporter> _reporters = new(StringComparer.Ordinal);

    public void Register(string name, bool reportsLive, bool reportsReady, TimeSpan timeout)
    {
        lock (_lock)
        {
            _reporters[name] = new Reporter(reportsLive, reportsReady, timeout);
        }
    }

    public void Report(string name, bool live, bool ready, string? detail = null)
    {
        lock (_lock)
        {
            if (!_reporters.TryGetValue(name, out var reporter))
            {
                throw new InvalidOperationException($"health reporter \"{name}\" is not registered");
            }

            reporter.Live = live;
            reporter.Ready = ready;
            reporter.Detail = detail;
            reporter.LastReport = time.GetUtcNow();
        }
    }

    public HealthSummary Summarize()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var lines = new List<string>();
            var live = true;

            // Not ready until some component that reports readiness has registered: a process still starting up is
            // not ready just because nothing has said otherwise yet.
            var ready = _reporters.Values.Any(r => r.ReportsReady);
            foreach (var (name, r) in _reporters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var fresh = r.LastReport is { } at && (r.Timeout <= TimeSpan.Zero || now - at <= r.Timeout);
                var isLive = !r.ReportsLive || (fresh && r.Live);
                var isReady = !r.ReportsReady || (fresh && r.Ready);
                live &= isLive;
                ready &= isReady;
                var state = r.LastReport is null ? "no report yet" : fresh ? $"live={r.Live} ready={r.Ready}" : $"stale (last report {(now - r.LastReport.Value).TotalSeconds:0.0}s ago)";
                lines.Add($"{name}: {state}{(r.Detail is null ? string.Empty : $" ({r.Detail})")}");
            }

            return new HealthSummary(live, ready, lines);
        }
    }

    private sealed class Reporter(bool reportsLive, bool reportsReady, TimeSpan timeout)
    {
        public bool ReportsLive { get; } = reportsLive;

        public bool ReportsReady { get; } = reportsReady;

        public TimeSpan Timeout { get; } = timeout;

        public bool Live { get; set; }

        public bool Ready { get; set; }

        public string? Detail { get; set; }

        public DateTimeOffset? LastReport { get; set; }
    }
}

public sealed record HealthSummary(bool Live, bool Ready, IReadOnlyList<string> Reporters);
