namespace Calico.Selectors.Ast;

/// <summary>Visits the nodes of a selector's syntax tree, one method per node type.</summary>
/// <typeparam name="TResult">What the visit computes.</typeparam>
internal interface INodeVisitor<out TResult>
{
    public TResult VisitAll(AllNode node);

    public TResult VisitGlobal(GlobalNode node);

    public TResult VisitHas(HasNode node);

    public TResult VisitEquals(EqualsNode node);

    public TResult VisitNotEquals(NotEqualsNode node);

    public TResult VisitContains(ContainsNode node);

    public TResult VisitStartsWith(StartsWithNode node);

    public TResult VisitEndsWith(EndsWithNode node);

    public TResult VisitInSet(InSetNode node);

    public TResult VisitNotInSet(NotInSetNode node);

    public TResult VisitNot(NotNode node);

    public TResult VisitAnd(AndNode node);

    public TResult VisitOr(OrNode node);
}
