using System.Text;

namespace Calico.Selectors.Ast;

/// <summary>
/// <c>global()</c>: evaluates to true. It only has a meaning in a rule's namespaceSelector (non-namespaced
/// objects only), which callers handle; policy and IP pool selectors reject it (see <see cref="Selector.UsesGlobal"/>).
/// </summary>
internal sealed class GlobalNode : Node
{
    public override bool Evaluate(in LabelLookup labels) => true;

    public override TResult Accept<TResult>(INodeVisitor<TResult> visitor) => visitor.VisitGlobal(this);

    public override void AppendCanonical(StringBuilder builder) => builder.Append("global()");
}
