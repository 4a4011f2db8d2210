namespace Calico.Selectors.Ast;

/// <summary><c>label contains "value"</c>: matches when the label is present and its value contains the substring.</summary>
internal sealed class ContainsNode(string label, string value) : LabelValueNode(label, value)
{
    protected override string CanonicalOperator => " contains ";

    public override bool Evaluate(in LabelLookup labels) =>
        labels.TryGetValue(Label, out var actual) && actual.Contains(Value, StringComparison.Ordinal);

    public override TResult Accept<TResult>(INodeVisitor<TResult> visitor) => visitor.VisitContains(this);
}
