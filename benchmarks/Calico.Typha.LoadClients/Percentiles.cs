using System.Text.Json;

namespace Calico.Typha.LoadClients;

/// <summary>Order statistics of a sample, in milliseconds (nearest-rank percentiles).</summary>
internal sealed record Percentiles(double P50, double P90, double P99, double Max, double Min, int Count)
{
    public static Percentiles Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Percentiles(0, 0, 0, 0, 0, 0);
        }

        return new Percentiles(Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99), sorted[^1], sorted[0], sorted.Length);
    }

    public void WriteTo(Utf8JsonWriter json, string name)
    {
        json.WriteStartObject(name);
        json.WriteNumber("p50_ms", Math.Round(P50, 2));
        json.WriteNumber("p90_ms", Math.Round(P90, 2));
        json.WriteNumber("p99_ms", Math.Round(P99, 2));
        json.WriteNumber("max_ms", Math.Round(Max, 2));
        json.WriteNumber("min_ms", Math.Round(Min, 2));
        json.WriteNumber("count", Count);
        json.WriteEndObject();
    }

    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
