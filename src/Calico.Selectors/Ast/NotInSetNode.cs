namespace Calico.Selectors.Ast;

/// <summary><c>label not in {"a", "b"}</c>: matches when the label is absent or has none of the values.</summary>
internal sealed class NotInSetNode(string label, IEnumerable<string> values) : SetNode(label, values)
{
    protected override string CanonicalOperator => "not in";

    public override bool Evaluate(in LabelLookup labels) => !labels.TryGetValue(Label, out var actual) || !SetContains(actual);

    public override TResult Accept<TResult>(INodeVisitor<TResult> visitor) => visitor.VisitNotInSet(this);
}
