using System.Text;

namespace Calico.Selectors.Ast;

/// <summary><c>a || b || ...</c> (two or more operands), written in parentheses in canonical form.</summary>
internal sealed class OrNode(Node[] operands) : Node
{
    private readonly Node[] _operands = operands;

    public IReadOnlyList<Node> Operands => _operands;

    public override bool Evaluate(in LabelLookup labels)
    {
        foreach (var operand in _operands)
        {
            if (operand.Evaluate(labels))
            {
                return true;
            }
        }

        return false;
    }

    public override TResult Accept<TResult>(INodeVisitor<TResult> visitor) => visitor.VisitOr(this);

    public override void AppendCanonical(StringBuilder builder) => AndNode.AppendJoined(builder, Operands, " || ");
}
