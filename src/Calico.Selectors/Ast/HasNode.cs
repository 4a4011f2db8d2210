using System.Text;

namespace Calico.Selectors.Ast;

/// <summary><c>has(label)</c>: matches when the label is present, whatever its value.</summary>
internal sealed class HasNode(string label) : Node
{
    public string Label { get; } = label;

    public override bool Evaluate(in LabelLookup labels) => labels.ContainsKey(Label);

    public override TResult Accept<TResult>(INodeVisitor<TResult> visitor) => visitor.VisitHas(this);

    public override void AppendCanonical(StringBuilder builder) => builder.Append("has(").Append(Label).Append(')');
}
