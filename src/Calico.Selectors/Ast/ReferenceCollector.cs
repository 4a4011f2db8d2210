namespace Calico.Selectors.Ast;

/// <summary>
/// Walks a syntax tree collecting the label keys it references; each visit returns whether
/// <c>global()</c> occurs in the visited subtree.
/// </summary>
internal sealed class ReferenceCollector : INodeVisitor<bool>
{
    private readonly SortedSet<string> _labels = new(StringComparer.Ordinal);

    /// <summary>The distinct label keys seen so far, in ordinal order.</summary>
    public IReadOnlyCollection<string> Labels => _labels;

    public bool VisitAll(AllNode node) => false;

    public bool VisitGlobal(GlobalNode node) => true;

    public bool VisitHas(HasNode node) => AddLabel(node.Label);

    public bool VisitEquals(EqualsNode node) => AddLabel(node.Label);

    public bool VisitNotEquals(NotEqualsNode node) => AddLabel(node.Label);

    public bool VisitContains(ContainsNode node) => AddLabel(node.Label);

    public bool VisitStartsWith(StartsWithNode node) => AddLabel(node.Label);

    public bool VisitEndsWith(EndsWithNode node) => AddLabel(node.Label);

    public bool VisitInSet(InSetNode node) => AddLabel(node.Label);

    public bool VisitNotInSet(NotInSetNode node) => AddLabel(node.Label);

    public bool VisitNot(NotNode node) => node.Operand.Accept(this);

    public bool VisitAnd(AndNode node) => VisitAllOperands(node.Operands);

    public bool VisitOr(OrNode node) => VisitAllOperands(node.Operands);

    private bool AddLabel(string label)
    {
        _labels.Add(label);
        return false;
    }

    private bool VisitAllOperands(IReadOnlyList<Node> operands)
    {
        var usesGlobal = false;
        foreach (var operand in operands)
        {
            // Visit every operand (no short-circuit) so that all labels are collected.
            usesGlobal |= operand.Accept(this);
        }

        return usesGlobal;
    }
}
