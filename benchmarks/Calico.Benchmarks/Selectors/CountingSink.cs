using Calico.Selectors.Indexing;

namespace Calico.Benchmarks.Selectors;

/// <summary>A sink that only counts, so the benchmarks measure the index rather than a consumer.</summary>
public sealed class CountingSink : ILabelIndexSink<int, string>
{
    public long Started { get; private set; }

    public long Stopped { get; private set; }

    public void OnMatchStarted(int selectorId, string itemId) => Started++;

    public void OnMatchStopped(int selectorId, string itemId) => Stopped++;
}
