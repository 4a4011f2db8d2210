using System.Diagnostics;

namespace Calico.Nftables.Benchmarks;

/// <summary>Collects named samples (milliseconds), skipping warm-up iterations.</summary>
internal sealed class Recorder
{
    public Dictionary<string, List<double>> Samples { get; } = new(StringComparer.Ordinal);

    public void Record(string name, int iteration, int warmup, long started)
    {
        if (iteration < warmup)
        {
            return;
        }

        if (!Samples.TryGetValue(name, out var list))
        {
            list = [];
            Samples[name] = list;
        }

        list.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
