namespace Calico.Selectors.Indexing;

/// <summary>One selector in the index: the parsed selector, where it is filed and the items it matches.</summary>
internal sealed class SelectorState<TItemId, TSelectorId>(TSelectorId id, Selector selector)
    where TItemId : notnull
    where TSelectorId : notnull
{
    public TSelectorId Id { get; } = id;

    public Selector Selector { get; set; } = selector;

    public SelectorPlacement Placement { get; set; } = SelectorPlacement.Unindexed;

    public HashSet<ItemState<TItemId, TSelectorId>> Matches { get; set; } = [];
}
