namespace Calico.Selectors.Ast;

/// <summary><c>label starts with "value"</c>: matches when the label is present and its value has the prefix.</summary>
internal sealed class StartsWithNode(string label, string value) : LabelValueNode(label, value)
{
    protected override string CanonicalOperator => " starts with ";

    public override bool Evaluate(in LabelLookup labels) =>
        labels.TryGetValue(Label, out var actual) && actual.StartsWith(Value, StringComparison.Ordinal);

    public override TResult Accept<TResult>(INodeVisitor<TResult> visitor) => visitor.VisitStartsWith(this);
}
