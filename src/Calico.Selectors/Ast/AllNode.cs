using System.Text;

namespace Calico.Selectors.Ast;

/// <summary><c>all()</c>: matches everything. Also the meaning of an empty selector.</summary>
internal sealed class AllNode : Node
{
    public override bool Evaluate(in LabelLookup labels) => true;

    public override TResult Accept<TResult>(INodeVisitor<TResult> visitor) => visitor.VisitAll(this);

    public override void AppendCanonical(StringBuilder builder) => builder.Append("all()");
}
