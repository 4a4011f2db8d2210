namespace Calico.Felix.Calc.Tests.Support;

/// <summary>
/// Re-runs a sequence of states in another shape (Felix's calc_graph_fv_test.go testExpanders): the same end states
/// must be reached whatever the path, and every flush must leave the dataplane equal to the model.
/// </summary>
/// <param name="Name">Shown in the test name.</param>
/// <param name="Expand">The states to go through, in order.</param>
/// <param name="Split">Apply each state resource by resource, flushing after each change.</param>
/// <param name="ReverseChanges">With <paramref name="Split"/>: apply each state's changes last first.</param>
internal sealed record Expander(string Name, Func<IReadOnlyList<ClusterState>, IReadOnlyList<ClusterState>> Expand, bool Split = false, bool ReverseChanges = false)
{
    public static IReadOnlyList<Expander> All { get; } =
    [
        new("as-written", states => states),
        new("reversed", states => [.. states.Reverse()]),
        new("empties-between", states => [.. states.SelectMany((s, i) => i == 0 ? new[] { s } : [ClusterState.Empty, s])]),
        new("split", states => states, Split: true),
        new("split-reversed", states => [.. states.Reverse()], Split: true, ReverseChanges: true),
        new("squashed", states => [states[^1]]),
    ];

    public static Expander Named(string name) => All.Single(e => e.Name == name);

    public override string ToString() => Name;
}
