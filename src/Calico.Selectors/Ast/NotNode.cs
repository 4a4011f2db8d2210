using System.Text;

namespace Calico.Selectors.Ast;

/// <summary><c>!operand</c>. Repeated <c>!</c>s collapse while parsing, so an even number leaves no node.</summary>
internal sealed class NotNode(Node operand) : Node
{
    public Node Operand { get; } = operand;

    public override bool Evaluate(in LabelLookup labels) => !Operand.Evaluate(labels);

    public override TResult Accept<TResult>(INodeVisitor<TResult> visitor) => visitor.VisitNot(this);

    public override void AppendCanonical(StringBuilder builder)
    {
        builder.Append('!');
        Operand.AppendCanonical(builder);
    }
}
