namespace Calico.Selectors.Indexing;

/// <summary>A parent (profile) whose labels its children inherit, and the items that name it.</summary>
internal sealed class ParentState<TItemId, TSelectorId>(string id)
    where TItemId : notnull
    where TSelectorId : notnull
{
    public string Id { get; } = id;

    /// <summary>The parent's labels, or null while none are known (never set, or deleted).</summary>
    public LabelSet? Labels { get; set; }

    /// <summary>The items that list this parent; null when there are none.</summary>
    public HashSet<ItemState<TItemId, TSelectorId>>? Children { get; set; }

    /// <summary>True when nothing refers to this parent and it has no labels, so it can be forgotten.</summary>
    public bool IsUnused => Labels is null && (Children is null || Children.Count == 0);
}
