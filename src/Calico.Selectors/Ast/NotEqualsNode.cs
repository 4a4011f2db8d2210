namespace Calico.Selectors.Ast;

/// <summary><c>label != "value"</c>: matches when the label is absent or has another value.</summary>
internal sealed class NotEqualsNode(string label, string value) : LabelValueNode(label, value)
{
    protected override string CanonicalOperator => " != ";

    public override bool Evaluate(in LabelLookup labels) =>
        !labels.TryGetValue(Label, out var actual) || !string.Equals(actual, Value, StringComparison.Ordinal);

    public override TResult Accept<TResult>(INodeVisitor<TResult> visitor) => visitor.VisitNotEquals(this);
}
