namespace Calico.Selectors.Ast;

/// <summary>
/// Rebuilds a syntax tree with every label name prefixed, as Calico's <c>parser.PrefixVisitor</c> does
/// (<c>k == 'v'</c> becomes <c>pcns.k == 'v'</c>). <c>all()</c> and <c>global()</c> are left as they are.
/// </summary>
internal sealed class LabelPrefixer(string prefix) : INodeVisitor<Node>
{
    public Node VisitAll(AllNode node) => node;

    public Node VisitGlobal(GlobalNode node) => node;

    public Node VisitHas(HasNode node) => new HasNode(prefix + node.Label);

    public Node VisitEquals(EqualsNode node) => new EqualsNode(prefix + node.Label, node.Value);

    public Node VisitNotEquals(NotEqualsNode node) => new NotEqualsNode(prefix + node.Label, node.Value);

    public Node VisitContains(ContainsNode node) => new ContainsNode(prefix + node.Label, node.Value);

    public Node VisitStartsWith(StartsWithNode node) => new StartsWithNode(prefix + node.Label, node.Value);

    public Node VisitEndsWith(EndsWithNode node) => new EndsWithNode(prefix + node.Label, node.Value);

    public Node VisitInSet(InSetNode node) => new InSetNode(prefix + node.Label, node.Values);

    public Node VisitNotInSet(NotInSetNode node) => new NotInSetNode(prefix + node.Label, node.Values);

    public Node VisitNot(NotNode node) => new NotNode(node.Operand.Accept(this));

    public Node VisitAnd(AndNode node) => new AndNode(VisitOperands(node.Operands));

    public Node VisitOr(OrNode node) => new OrNode(VisitOperands(node.Operands));

    private Node[] VisitOperands(IReadOnlyList<Node> operands)
    {
        var result = new Node[operands.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = operands[i].Accept(this);
        }

        return result;
    }
}
