namespace Calico.Selectors.Ast;

/// <summary><c>label == "value"</c>: matches only when the label is present with exactly that value.</summary>
internal sealed class EqualsNode(string label, string value) : LabelValueNode(label, value)
{
    protected override string CanonicalOperator => " == ";

    public override bool Evaluate(in LabelLookup labels) =>
        labels.TryGetValue(Label, out var actual) && string.Equals(actual, Value, StringComparison.Ordinal);

    public override TResult Accept<TResult>(INodeVisitor<TResult> visitor) => visitor.VisitEquals(this);
}
