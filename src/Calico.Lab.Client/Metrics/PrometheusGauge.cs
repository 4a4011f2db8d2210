using System.Globalization;

namespace Calico.Lab.Metrics;

/// <summary>Reads a gauge from a Prometheus text exposition (what calico-node and calico-typha serve on /metrics).</summary>
public static class PrometheusGauge
{
    /// <summary>The gauge's value (the highest, if it has labels), or null when the exposition lacks it.</summary>
    public static long? Highest(string exposition, string name)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        ArgumentNullException.ThrowIfNull(name);
        long? best = null;
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length
                || (line[name.Length] != ' ' && line[name.Length] != '{'))
            {
                continue;
            }

            var value = line[(line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : name.Length)..].Trim().Split(' ')[0];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                best = Math.Max(best ?? long.MinValue, (long)number);
            }
        }

        return best;
    }
}
