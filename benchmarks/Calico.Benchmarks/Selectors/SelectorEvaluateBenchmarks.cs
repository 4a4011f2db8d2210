using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Calico.Selectors;

namespace Calico.Benchmarks.Selectors;

/// <summary>Evaluating parsed selectors against a typical pod's labels (dictionary and layered views).</summary>
[MemoryDiagnoser]
public class SelectorEvaluateBenchmarks
{
    private readonly Selector _equality = Selector.Parse("app == 'web'");
    private readonly Selector _namespaced = Selector.Parse("projectcalico.org/namespace == 'shop' && app == 'web'");
    private readonly Selector _kubernetesConverted = Selector.Parse(
        "projectcalico.org/orchestrator == 'k8s' && app == 'web' && tier in { 'backend', 'cache' } && ! has(canary)");
    private readonly Selector _largeSet = Selector.Parse(
        "tier in {'t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 't10', 't11', 'backend'}");

    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal)
    {
        ["app"] = "web",
        ["tier"] = "backend",
        ["version"] = "v2",
        ["pod-template-hash"] = "6d4cf56db6",
        ["projectcalico.org/namespace"] = "shop",
        ["projectcalico.org/orchestrator"] = "k8s",
        ["projectcalico.org/serviceaccount"] = "default",
    };

    private readonly LayeredLabels _layered;

    public SelectorEvaluateBenchmarks()
    {
        var own = new Dictionary<string, string>(_labels, StringComparer.Ordinal);
        own.Remove("projectcalico.org/namespace");
        var profile = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["projectcalico.org/namespace"] = "shop",
            ["pcns.projectcalico.org/name"] = "shop",
        };
        _layered = new LayeredLabels(own, profile);
    }

    [Benchmark(Baseline = true)]
    public bool Equality() => _equality.Matches(_labels);

    [Benchmark]
    public bool Namespaced() => _namespaced.Matches(_labels);

    [Benchmark]
    public bool KubernetesConverted() => _kubernetesConverted.Matches(_labels);

    [Benchmark]
    public bool LargeSet() => _largeSet.Matches(_labels);

    [Benchmark]
    public bool NamespacedThroughLabelSource() => _namespaced.Matches(_layered);

    /// <summary>An endpoint's own labels over its profile's, as the label index presents them.</summary>
    private sealed class LayeredLabels(Dictionary<string, string> own, Dictionary<string, string> inherited) : ILabelSource
    {
        public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) =>
            own.TryGetValue(key, out value) || inherited.TryGetValue(key, out value);

        public bool ContainsKey(string key) => own.ContainsKey(key) || inherited.ContainsKey(key);
    }
}
