namespace Calico.Selectors.Ast;

/// <summary><c>label in {"a", "b"}</c>: matches when the label is present with one of the values.</summary>
internal sealed class InSetNode(string label, IEnumerable<string> values) : SetNode(label, values)
{
    protected override string CanonicalOperator => "in";

    public override bool Evaluate(in LabelLookup labels) => labels.TryGetValue(Label, out var actual) && SetContains(actual);

    public override TResult Accept<TResult>(INodeVisitor<TResult> visitor) => visitor.VisitInSet(this);
}
