using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Calico.Selectors;
using Calico.Selectors.Indexing;

namespace Calico.Benchmarks.Selectors;

/// <summary>
/// Churn against a populated index of 100k endpoints and 10k selectors (see <see cref="LabelIndexWorkload"/>).
/// Each operation is undone by the next invocation so every invocation does the same work.
/// The setup prints the index's size (managed heap growth) and how long building it took.
/// </summary>
[MemoryDiagnoser]
public class LabelIndexChurnBenchmarks
{
    private const int Endpoints = 100_000;
    private const int Selectors = 10_000;

    // Endpoint 4242 runs app a242 in ns42; it flips between a242 and a243, each selected by 10 app selectors.
    private const int ChurnedEndpoint = 4242;

    private readonly CountingSink _sink = new();
    private readonly string _churnedEndpointId = LabelIndexWorkload.EndpointId(ChurnedEndpoint);
    private LabelIndex<string, int> _index = null!;
    private Dictionary<string, string> _labelsA = null!;
    private Dictionary<string, string> _labelsB = null!;
    private Dictionary<string, string> _namespaceLabelsA = null!;
    private Dictionary<string, string> _namespaceLabelsB = null!;
    private string[] _parents = null!;
    private Selector _newSelector = null!;
    private bool _flip;

    [GlobalSetup]
    public void Setup()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var stopwatch = Stopwatch.StartNew();
        _index = LabelIndexWorkload.Build(_sink, Endpoints, Selectors);
        stopwatch.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// LabelIndex populated: {Endpoints} endpoints, {Selectors} selectors, {_sink.Started} matches; " +
            $"managed heap +{(after - before) / (1024.0 * 1024.0):F1} MiB; built in {stopwatch.Elapsed.TotalSeconds:F1} s"));

        _labelsA = LabelIndexWorkload.EndpointLabels(ChurnedEndpoint);
        _labelsB = LabelIndexWorkload.EndpointLabels(ChurnedEndpoint, appOverride: LabelIndexWorkload.App((ChurnedEndpoint % LabelIndexWorkload.Apps) + 1));
        _parents = LabelIndexWorkload.EndpointParents(ChurnedEndpoint);
        _namespaceLabelsA = new(StringComparer.Ordinal) { ["pcns.projectcalico.org/name"] = "ns42", ["pcns.team"] = "team2" };
        _namespaceLabelsB = new(StringComparer.Ordinal) { ["pcns.projectcalico.org/name"] = "ns42", ["pcns.team"] = "team3" };
        _newSelector = Selector.Parse("projectcalico.org/namespace == 'ns42' && app == 'a242' && version != 'v9'");
    }

    /// <summary>One endpoint's app label changes (and changes back on the next invocation).</summary>
    [Benchmark(Baseline = true)]
    public void ChangeOneEndpointLabel()
    {
        _flip = !_flip;
        _index.UpdateItem(_churnedEndpointId, _flip ? _labelsB : _labelsA, _parents);
    }

    /// <summary>A namespace profile's labels change: its 1000 endpoints are re-examined.</summary>
    [Benchmark]
    public void ChangeOneNamespaceLabel()
    {
        _flip = !_flip;
        _index.UpdateParentLabels("kns.ns42", _flip ? _namespaceLabelsB : _namespaceLabelsA);
    }

    /// <summary>A namespaced policy's selector is added and removed again.</summary>
    [Benchmark]
    public void AddAndRemoveSelector()
    {
        _index.UpdateSelector(-1, _newSelector);
        _index.DeleteSelector(-1);
    }
}
