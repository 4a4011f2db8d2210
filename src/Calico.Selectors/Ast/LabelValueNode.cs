using System.Text;

namespace Calico.Selectors.Ast;

/// <summary>The shape shared by <c>label OP "value"</c> operators.</summary>
internal abstract class LabelValueNode(string label, string value) : Node
{
    public string Label { get; } = label;

    public string Value { get; } = value;

    /// <summary>The operator with its surrounding spaces as the canonical form spells it, e.g. <c>" == "</c>.</summary>
    protected abstract string CanonicalOperator { get; }

    public sealed override void AppendCanonical(StringBuilder builder)
    {
        builder.Append(Label).Append(CanonicalOperator);
        AppendQuoted(builder, Value);
    }
}
