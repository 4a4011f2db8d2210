using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Calico.Observability.Metrics;

/// <summary>One instrument's series, one per label set, rendered in the Prometheus text format.</summary>
internal sealed class MetricFamily(Instrument instrument)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SeriesValue> _series = new(StringComparer.Ordinal);

    public Instrument Instrument { get; } = instrument;

    private string TypeName => Instrument.GetType().Name;

    private bool IsHistogram => TypeName.StartsWith("Histogram", StringComparison.Ordinal);

    private bool IsCounter => TypeName.StartsWith("Counter", StringComparison.Ordinal) || TypeName.StartsWith("ObservableCounter", StringComparison.Ordinal);

    private string ExportedName => IsCounter && !Instrument.Name.EndsWith("_total", StringComparison.Ordinal) ? Instrument.Name + "_total" : Instrument.Name;

    /// <summary>Observable instruments report their current values at every scrape; forget the previous ones first.</summary>
    public void ResetObservations()
    {
        if (Instrument.IsObservable)
        {
            lock (_lock)
            {
                _series.Clear();
            }
        }
    }

    public void Record(double value, string labels)
    {
        lock (_lock)
        {
            if (!_series.TryGetValue(labels, out var series))
            {
                _series[labels] = series = new SeriesValue();
            }

            if (IsHistogram)
            {
                series.Sum += value;
                series.Count++;
                for (var i = 0; i < PrometheusTextExporter.Buckets.Length; i++)
                {
                    if (value <= PrometheusTextExporter.Buckets[i])
                    {
                        series.Buckets[i]++;
                    }
                }
            }
            else if (Instrument.IsObservable)
            {
                series.Value = value;
            }
            else
            {
                series.Value += value;
            }
        }
    }

    public void Render(StringBuilder text)
    {
        var name = ExportedName;
        lock (_lock)
        {
            if (Instrument.Description is { Length: > 0 } help)
            {
                text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"# TYPE {name} {(IsHistogram ? "histogram" : IsCounter ? "counter" : "gauge")}\n");
            foreach (var (labels, series) in _series.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (!IsHistogram)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}{Wrap(labels)} {series.Value}\n");
                    continue;
                }

                var prefix = labels.Length == 0 ? string.Empty : labels + ",";
                for (var i = 0; i < PrometheusTextExporter.Buckets.Length; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"{PrometheusTextExporter.Buckets[i]}\"}} {series.Buckets[i]}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"+Inf\"}} {series.Count}\n{name}_sum{Wrap(labels)} {series.Sum}\n{name}_count{Wrap(labels)} {series.Count}\n");
            }
        }
    }

    private static string Wrap(string labels) => labels.Length == 0 ? string.Empty : $"{{{labels}}}";

    private sealed class SeriesValue
    {
        public long[] Buckets { get; } = new long[PrometheusTextExporter.Buckets.Length];

        public double Value { get; set; }

        public double Sum { get; set; }

        public long Count { get; set; }
    }
}
