using System.Text;

namespace Calico.Selectors.Ast;

/// <summary><c>a &amp;&amp; b &amp;&amp; ...</c> (two or more operands), written in parentheses in canonical form.</summary>
internal sealed class AndNode(Node[] operands) : Node
{
    private readonly Node[] _operands = operands;

    public IReadOnlyList<Node> Operands => _operands;

    public override bool Evaluate(in LabelLookup labels)
    {
        foreach (var operand in _operands)
        {
            if (!operand.Evaluate(labels))
            {
                return false;
            }
        }

        return true;
    }

    public override TResult Accept<TResult>(INodeVisitor<TResult> visitor) => visitor.VisitAnd(this);

    public override void AppendCanonical(StringBuilder builder) => AppendJoined(builder, Operands, " && ");

    internal static void AppendJoined(StringBuilder builder, IReadOnlyList<Node> operands, string separator)
    {
        builder.Append('(');
        for (var i = 0; i < operands.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }

            operands[i].AppendCanonical(builder);
        }

        builder.Append(')');
    }
}
