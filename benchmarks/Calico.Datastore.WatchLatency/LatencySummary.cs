namespace Calico.Datastore.WatchLatency;

/// <summary>
/// Percentiles of write-commit to watch-delivery latency, in milliseconds. A watcher can receive an event before its
/// writer's await resumes (the commit is visible before the call returns); such deliveries count as 0 ms and are
/// counted in <see cref="EarlyDeliveries"/>.
/// </summary>
internal sealed record LatencySummary(double P50Ms, double P99Ms, double MaxMs, int Samples, int EarlyDeliveries)
{
    public static LatencySummary From(IEnumerable<double> latenciesMs)
    {
        var raw = latenciesMs.ToArray();
        var sorted = raw.Select(l => Math.Max(0, l)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(double.NaN, double.NaN, double.NaN, 0, 0);
        }

        return new LatencySummary(
            Percentile(sorted, 0.50), Percentile(sorted, 0.99), Math.Round(sorted[^1], 3), sorted.Length, raw.Count(l => l < 0));
    }

    private static double Percentile(double[] sorted, double p) =>
        Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 3);
}
