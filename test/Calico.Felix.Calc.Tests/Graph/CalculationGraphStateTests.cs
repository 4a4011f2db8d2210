using Calico.Felix.Calc.Tests.Support;

namespace Calico.Felix.Calc.Tests.Graph;

/// <summary>
/// The whole graph, state in and state out (Felix's calc_graph_fv_test.go): every sequence of
/// <see cref="StateSequences"/> under every <see cref="Expander"/>, then everything deleted. After every flush the
/// mock dataplane must have accepted every message (the dependency contract) and must hold exactly what the oracle
/// computes from the resources fed so far; a second flush must then say nothing.
/// </summary>
public class CalculationGraphStateTests
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var (sequence, _) in StateSequences.All)
        {
            foreach (var expander in Expander.All)
            {
                cases.Add(sequence, expander.Name);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Flush_StateSequenceExpanded_DataplaneMatchesModelAfterEveryFlush(string sequence, string expander)
    {
        var harness = new GraphHarness();
        var shape = Expander.Named(expander);
        var first = true;
        foreach (var state in shape.Expand(StateSequences.Named(sequence)).Append(ClusterState.Empty.Named("everything deleted")))
        {
            IEnumerable<ResourceChange> changes = ClusterState.Changes(harness.Current, state.Resources);
            if (shape.ReverseChanges)
            {
                changes = changes.Reverse();
            }

            foreach (var change in changes)
            {
                harness.Apply(change);
                if (shape.Split)
                {
                    FlushAndCheck(harness, $"\"{state}\" after {change}");
                }
            }

            if (first)
            {
                harness.Graph.OnInSync();
                first = false;
            }

            FlushAndCheck(harness, $"\"{state}\"");
            Assert.True(harness.Flush().Count == 0, $"\"{state}\": a flush with nothing changed sent {string.Join(", ", harness.LastFlush)}");
        }

        Assert.Equal(1, harness.Dataplane.InSyncCount);
        Assert.True(harness.Dataplane.View().IsEmpty, $"left behind after everything was deleted:{Environment.NewLine}{harness.Dataplane.View()}");
    }

    private static void FlushAndCheck(GraphHarness harness, string context)
    {
        try
        {
            harness.Flush();
        }
        catch (DataplaneContractException e)
        {
            Assert.Fail($"{context}: {e.Message}{Environment.NewLine}flush: {string.Join(Environment.NewLine + "  ", harness.LastFlush)}");
        }

        harness.AssertDataplaneMatchesModel(context);
    }
}
