using System.Text.RegularExpressions;
using Calico.Api;
using Calico.Felix.Calc.Graph;
using Calico.Felix.Calc.Messages;

namespace Calico.Felix.Calc.Tests.Support;

/// <summary>
/// A calculation graph wired to a <see cref="DataplaneState"/>: feeds it datastore events, flushes into the mock
/// dataplane (which checks the contract) and compares what the dataplane holds with <see cref="ExpectedDataplane"/>
/// for the resources fed so far.
/// </summary>
internal sealed partial class GraphHarness
{
    public const string Node = "node-1";
    public const string OtherNode = "node-2";

    private readonly List<Resource> _current = [];

    public GraphHarness(string node = Node)
    {
        NodeName = node;
        Graph = new CalculationGraph(node);
    }

    public string NodeName { get; }

    public CalculationGraph Graph { get; }

    public DataplaneState Dataplane { get; } = new();

    /// <summary>The resources the graph has been told about.</summary>
    public IReadOnlyList<Resource> Current => _current;

    /// <summary>Every message of the last flush.</summary>
    public IReadOnlyList<DataplaneMessage> LastFlush { get; private set; } = [];

    public void Update(Resource resource)
    {
        var key = ResourceKey.Of(resource);
        var index = _current.FindIndex(r => ResourceKey.Of(r) == key);
        if (index >= 0)
        {
            _current[index] = resource;
        }
        else
        {
            _current.Add(resource);
        }

        Graph.OnResourceUpdated(resource);
    }

    public void Delete(ResourceKey key)
    {
        _current.RemoveAll(r => ResourceKey.Of(r) == key);
        Graph.OnResourceDeleted(key.Kind, key.Namespace, key.Name);
    }

    public void Apply(ResourceChange change)
    {
        if (change.Resource is { } resource)
        {
            Update(resource);
        }
        else
        {
            Delete(change.Key);
        }
    }

    /// <summary>Feeds the changes that take the graph from what it holds to <paramref name="state"/>, without flushing.</summary>
    public IReadOnlyList<ResourceChange> MoveTo(ClusterState state)
    {
        var changes = ClusterState.Changes(_current, state.Resources);
        foreach (var change in changes)
        {
            Apply(change);
        }

        return changes;
    }

    /// <summary>Flushes the graph into the mock dataplane (which throws if the contract is broken).</summary>
    public IReadOnlyList<DataplaneMessage> Flush()
    {
        LastFlush = Graph.Flush();
        Dataplane.Apply(LastFlush);
        return LastFlush;
    }

    /// <summary>The oracle's view of the resources fed so far.</summary>
    public DataplaneView Expected() => ExpectedDataplane.For(_current, NodeName);

    /// <summary>
    /// Fails, listing every difference, when the dataplane does not hold what the oracle expects or the graph's
    /// <see cref="CalculationGraph.Problems"/> are not the ones the oracle expects.
    /// </summary>
    public void AssertDataplaneMatchesModel(string context)
    {
        var (view, expected) = ExpectedDataplane.Compute(_current, NodeName);
        var differences = Dataplane.View().DifferencesFrom(view);
        Assert.True(differences.Count == 0, $"{context}: the dataplane differs from the model:{Environment.NewLine}{string.Join(Environment.NewLine, differences)}");
        var actual = new SortedSet<string>(Graph.Problems.Select(ProblemKey), StringComparer.Ordinal);
        Assert.True(expected.SetEquals(actual), $"{context}: problems differ from the model:{Environment.NewLine}expected {string.Join(" | ", expected)}{Environment.NewLine}actual   {string.Join(" | ", Graph.Problems)}");
    }

    /// <summary>A line of <see cref="CalculationGraph.Problems"/> as the key <see cref="ExpectedDataplane.Compute"/> uses.</summary>
    private static string ProblemKey(string problem)
    {
        var endpoint = EndpointProblemPattern().Match(problem);
        if (endpoint.Success)
        {
            return $"endpoint {endpoint.Groups[1].Value} {endpoint.Groups[2].Value} {endpoint.Groups[3].Value}";
        }

        var port = NamedPortProblemPattern().Match(problem);
        return port.Success ? $"policy {port.Groups[1].Value} port {port.Groups[2].Value}/{port.Groups[3].Value}" : problem;
    }

    [GeneratedRegex("^endpoint (\\S+) fails closed for (\\w+): policy (\\S+) is in tier ")]
    private static partial Regex EndpointProblemPattern();

    [GeneratedRegex("^policy (.+?): named port \"(.+?)\" \\((\\w+)\\) ")]
    private static partial Regex NamedPortProblemPattern();
}
