namespace Calico.Selectors.Indexing;

/// <summary>
/// Receives the match changes of a <see cref="LabelIndex{TItemId, TSelectorId}"/>: exactly one
/// <see cref="OnMatchStarted"/> when a (selector, item) pair starts matching and exactly one
/// <see cref="OnMatchStopped"/> when it stops. Calls arrive synchronously from inside the index
/// operation that caused them; a sink may query the index but must not modify it.
/// </summary>
/// <typeparam name="TSelectorId">The caller's selector key.</typeparam>
/// <typeparam name="TItemId">The caller's item key.</typeparam>
public interface ILabelIndexSink<TSelectorId, TItemId>
{
    /// <summary>The selector <paramref name="selectorId"/> now matches the item <paramref name="itemId"/>.</summary>
    public void OnMatchStarted(TSelectorId selectorId, TItemId itemId);

    /// <summary>The selector <paramref name="selectorId"/> no longer matches the item <paramref name="itemId"/>.</summary>
    public void OnMatchStopped(TSelectorId selectorId, TItemId itemId);
}
