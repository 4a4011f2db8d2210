using Calico.Selectors.Ast;

namespace Calico.Selectors.Indexing;

/// <summary>
/// Works out a selector's <see cref="SelectorRestrictions"/>, the idea behind Felix's label
/// restriction index. Unlike Calico it tracks negation (De Morgan), so that <c>!(a != 'x')</c>
/// still requires <c>a</c> and <c>!all()</c> is known to match nothing.
/// </summary>
internal sealed class LabelRestrictionAnalyzer : INodeVisitor<SelectorRestrictions>
{
    private bool _negated;

    private LabelRestrictionAnalyzer()
    {
    }

    public static SelectorRestrictions Analyze(Selector selector) => selector.Root.Accept(new LabelRestrictionAnalyzer());

    public SelectorRestrictions VisitAll(AllNode node) => _negated ? SelectorRestrictions.Unsatisfiable : SelectorRestrictions.None;

    public SelectorRestrictions VisitGlobal(GlobalNode node) => _negated ? SelectorRestrictions.Unsatisfiable : SelectorRestrictions.None;

    // !has(a) forbids the label; has(a) requires it.
    public SelectorRestrictions VisitHas(HasNode node) =>
        SelectorRestrictions.For(node.Label, _negated ? LabelRestriction.Absent : LabelRestriction.Present);

    // !(a == 'x') holds when a is absent or different: nothing to require.
    public SelectorRestrictions VisitEquals(EqualsNode node) =>
        _negated ? SelectorRestrictions.None : SelectorRestrictions.For(node.Label, LabelRestriction.OneOf([node.Value]));

    // a != 'x' holds when a is absent; !(a != 'x') is a == 'x'.
    public SelectorRestrictions VisitNotEquals(NotEqualsNode node) =>
        _negated ? SelectorRestrictions.For(node.Label, LabelRestriction.OneOf([node.Value])) : SelectorRestrictions.None;

    public SelectorRestrictions VisitContains(ContainsNode node) => RequirePresentUnlessNegated(node.Label);

    public SelectorRestrictions VisitStartsWith(StartsWithNode node) => RequirePresentUnlessNegated(node.Label);

    public SelectorRestrictions VisitEndsWith(EndsWithNode node) => RequirePresentUnlessNegated(node.Label);

    public SelectorRestrictions VisitInSet(InSetNode node) =>
        _negated ? SelectorRestrictions.None : SelectorRestrictions.For(node.Label, LabelRestriction.OneOf(node.Values));

    public SelectorRestrictions VisitNotInSet(NotInSetNode node) =>
        _negated ? SelectorRestrictions.For(node.Label, LabelRestriction.OneOf(node.Values)) : SelectorRestrictions.None;

    public SelectorRestrictions VisitNot(NotNode node)
    {
        _negated = !_negated;
        var result = node.Operand.Accept(this);
        _negated = !_negated;
        return result;
    }

    // De Morgan: !(a && b) is !a || !b, and !(a || b) is !a && !b.
    public SelectorRestrictions VisitAnd(AndNode node) => Combine(node.Operands, conjunction: !_negated);

    public SelectorRestrictions VisitOr(OrNode node) => Combine(node.Operands, conjunction: _negated);

    private SelectorRestrictions RequirePresentUnlessNegated(string label) =>
        _negated ? SelectorRestrictions.None : SelectorRestrictions.For(label, LabelRestriction.Present);

    private SelectorRestrictions Combine(IReadOnlyList<Node> operands, bool conjunction)
    {
        var result = operands[0].Accept(this);
        for (var i = 1; i < operands.Count; i++)
        {
            var next = operands[i].Accept(this);
            result = conjunction ? SelectorRestrictions.And(result, next) : SelectorRestrictions.Or(result, next);
        }

        return result;
    }
}
