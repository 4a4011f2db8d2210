using System.Text.Json;

namespace Calico.Benchmarks.Shared;

/// <summary>Order statistics of a sample of durations, in milliseconds.</summary>
internal sealed record LatencySummary(double Median, double P90, double Mean, double Min, double Max, int Count)
{
    public static LatencySummary Of(IReadOnlyCollection<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return new LatencySummary(Percentile(sorted, 0.5), Percentile(sorted, 0.9), sorted.Average(), sorted[0], sorted[^1], sorted.Length);
    }

    public void WriteTo(Utf8JsonWriter json, string name)
    {
        json.WriteStartObject(name);
        json.WriteNumber("median_ms", Math.Round(Median, 3));
        json.WriteNumber("p90_ms", Math.Round(P90, 3));
        json.WriteNumber("mean_ms", Math.Round(Mean, 3));
        json.WriteNumber("min_ms", Math.Round(Min, 3));
        json.WriteNumber("max_ms", Math.Round(Max, 3));
        json.WriteNumber("count", Count);
        json.WriteEndObject();
    }

    private static double Percentile(double[] sorted, double p)
    {
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }
}
