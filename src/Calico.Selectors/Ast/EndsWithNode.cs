namespace Calico.Selectors.Ast;

/// <summary><c>label ends with "value"</c>: matches when the label is present and its value has the suffix.</summary>
internal sealed class EndsWithNode(string label, string value) : LabelValueNode(label, value)
{
    protected override string CanonicalOperator => " ends with ";

    public override bool Evaluate(in LabelLookup labels) =>
        labels.TryGetValue(Label, out var actual) && actual.EndsWith(Value, StringComparison.Ordinal);

    public override TResult Accept<TResult>(INodeVisitor<TResult> visitor) => visitor.VisitEndsWith(this);
}
