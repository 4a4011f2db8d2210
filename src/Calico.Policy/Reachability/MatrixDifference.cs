namespace Calico.Policy.Reachability;

/// <summary>One cell where two reachability matrices disagree.</summary>
public sealed record MatrixDifference(string From, string To, Probe Probe, bool Expected, bool Actual)
{
    /// <summary>E.g. <c>x/a -&gt; y/b tcp/80: expected allow, got deny</c>.</summary>
    public override string ToString() =>
        $"{From} -> {To} {Probe}: expected {(Expected ? "allow" : "deny")}, got {(Actual ? "allow" : "deny")}";
}
