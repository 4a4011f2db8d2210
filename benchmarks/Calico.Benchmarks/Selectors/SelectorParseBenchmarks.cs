using BenchmarkDotNet.Attributes;
using Calico.Selectors;

namespace Calico.Benchmarks.Selectors;

/// <summary>Parsing representative selectors, and computing the unique ID that IP set names use.</summary>
[MemoryDiagnoser]
public class SelectorParseBenchmarks
{
    private const string Simple = "app == 'frontend'";
    private const string Namespaced = "projectcalico.org/namespace == 'ns7' && app == 'a3'";
    private const string KubernetesConverted =
        "projectcalico.org/orchestrator == 'k8s' && app == 'web' && tier in { 'backend', 'cache' } && ! has(canary)";
    private const string Complex = "!(!(k == 'v' && has(t) || all()) && (a in {'b', 'c'})) || role startswith 'db-'";

    [Benchmark(Baseline = true)]
    public Selector ParseSimple() => Selector.Parse(Simple);

    [Benchmark]
    public Selector ParseNamespaced() => Selector.Parse(Namespaced);

    [Benchmark]
    public Selector ParseKubernetesConverted() => Selector.Parse(KubernetesConverted);

    [Benchmark]
    public Selector ParseComplex() => Selector.Parse(Complex);

    [Benchmark]
    public string ParseNamespacedAndUniqueId() => Selector.Parse(Namespaced).UniqueId;
}
