namespace Calico.Selectors.Indexing;

/// <summary>
/// Tracks which selectors match which items as both change, and reports each match start and stop
/// exactly once to an <see cref="ILabelIndexSink{TSelectorId, TItemId}"/> (Felix's label inheritance
/// index). Items are endpoints: they have their own labels and inherit labels from zero or more
/// parents (profiles' labelsToApply).
/// </summary>
/// <remarks>
/// <para>
/// <b>Label inheritance.</b> An item's effective labels are its own labels, then the labels of each
/// parent in the order the parents were given; the first source that defines a key wins. So own
/// labels override every parent, and an earlier parent overrides a later one (as in Felix, where an
/// endpoint's profile list is searched in order). A parent named by an item but whose labels are not
/// known (yet) contributes nothing.
/// </para>
/// <para>
/// <b>Cost.</b> Each selector is filed under one thing every item it matches must have: a (key, value)
/// pair, a key, or nothing ("unindexed", e.g. <c>all()</c>, <c>a != 'x'</c>). Changing one item's
/// labels evaluates only the selectors filed under its old or new effective labels plus the unindexed
/// ones; never every item and normally not every selector. Adding a selector evaluates only the items
/// that carry the value (or key) it requires, chosen as the requirement fewest items meet; only an
/// unindexed selector scans every item. Changing a parent's labels touches only that parent's children.
/// </para>
/// <para>
/// <b>Memory.</b> Each match is stored once, in the selector's set of items. An item's current
/// matches are found through its candidates when needed (a selector matching an item is always among
/// the candidates for the item's labels), which halves the memory of a heavily matched index.
/// </para>
/// <para>
/// <b>Threading.</b> Not thread-safe; use it from one thread (the calc graph's loop). It takes no
/// locks and the sink is called synchronously. A sink that modifies the index from a callback gets
/// an <see cref="InvalidOperationException"/>. If a sink throws, the index may be left inconsistent.
/// </para>
/// </remarks>
/// <typeparam name="TItemId">The item (endpoint) key.</typeparam>
/// <typeparam name="TSelectorId">The selector key.</typeparam>
public sealed class LabelIndex<TItemId, TSelectorId>
    where TItemId : notnull
    where TSelectorId : notnull
{
    private readonly ILabelIndexSink<TSelectorId, TItemId> _sink;
    private readonly Dictionary<TItemId, ItemState<TItemId, TSelectorId>> _items;
    private readonly Dictionary<TSelectorId, SelectorState<TItemId, TSelectorId>> _selectors;
    private readonly Dictionary<string, ParentState<TItemId, TSelectorId>> _parents = new(StringComparer.Ordinal);
    private readonly ItemLabelIndex<TItemId, TSelectorId> _itemsByLabel = new();
    private readonly SelectorCandidateIndex<TItemId, TSelectorId> _selectorsByLabel = new();

    // Scratch space reused by every operation; the index is single-threaded and not re-entrant.
    private readonly Dictionary<string, string> _oldLabels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _newLabels = new(StringComparer.Ordinal);
    private readonly List<SelectorState<TItemId, TSelectorId>> _selectorScratch = [];
    private readonly List<ItemState<TItemId, TSelectorId>> _itemScratch = [];
    private readonly HashSet<ItemState<TItemId, TSelectorId>> _matchScratch = [];
    private bool _inOperation;

    /// <summary>Creates an empty index that reports match changes to <paramref name="sink"/>.</summary>
    /// <param name="sink">Receives every match start and stop.</param>
    /// <param name="itemComparer">Compares item keys; the default comparer if null.</param>
    /// <param name="selectorComparer">Compares selector keys; the default comparer if null.</param>
    public LabelIndex(
        ILabelIndexSink<TSelectorId, TItemId> sink,
        IEqualityComparer<TItemId>? itemComparer = null,
        IEqualityComparer<TSelectorId>? selectorComparer = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
        _items = new Dictionary<TItemId, ItemState<TItemId, TSelectorId>>(itemComparer);
        _selectors = new Dictionary<TSelectorId, SelectorState<TItemId, TSelectorId>>(selectorComparer);
    }

    /// <summary>The number of items in the index.</summary>
    public int ItemCount => _items.Count;

    /// <summary>The number of selectors in the index.</summary>
    public int SelectorCount => _selectors.Count;

    /// <summary>How many selector evaluations the index has made; lets tests check that it narrows candidates.</summary>
    internal long EvaluationCount { get; private set; }

    /// <summary>
    /// Adds a selector or replaces the one stored under <paramref name="id"/>, reporting the matches it
    /// loses and then the matches it gains. Replacing a selector with an equal one (same canonical
    /// form) reports nothing.
    /// </summary>
    public void UpdateSelector(TSelectorId id, Selector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        BeginOperation();
        try
        {
            if (_selectors.TryGetValue(id, out var state))
            {
                if (state.Selector.Equals(selector))
                {
                    return;
                }

                _selectorsByLabel.Remove(state);
                state.Selector = selector;
            }
            else
            {
                state = new SelectorState<TItemId, TSelectorId>(id, selector);
                _selectors.Add(id, state);
            }

            state.Placement = SelectorPlacement.Choose(LabelRestrictionAnalyzer.Analyze(selector), _itemsByLabel);
            _selectorsByLabel.Add(state);

            CollectCandidateItems(state.Placement);
            foreach (var item in _itemScratch)
            {
                EvaluationCount++;
                if (selector.Matches(item))
                {
                    _matchScratch.Add(item);
                }
            }

            _itemScratch.Clear();
            foreach (var item in state.Matches)
            {
                if (!_matchScratch.Contains(item))
                {
                    _itemScratch.Add(item);
                }
            }

            foreach (var item in _itemScratch)
            {
                StopMatch(state, item);
            }

            foreach (var item in _matchScratch)
            {
                if (!state.Matches.Contains(item))
                {
                    StartMatch(state, item);
                }
            }
        }
        finally
        {
            EndOperation();
        }
    }

    /// <summary>Removes a selector, reporting the end of each of its matches. Unknown ids are ignored.</summary>
    public void DeleteSelector(TSelectorId id)
    {
        BeginOperation();
        try
        {
            if (!_selectors.Remove(id, out var state))
            {
                return;
            }

            _selectorsByLabel.Remove(state);
            foreach (var item in state.Matches)
            {
                _sink.OnMatchStopped(state.Id, item.Id);
            }

            state.Matches.Clear();
        }
        finally
        {
            EndOperation();
        }
    }

    /// <summary>
    /// Adds an item or replaces its own labels and parents. The labels are copied. Parents are given in
    /// priority order (see the class remarks); an empty list or null means none.
    /// </summary>
    public void UpdateItem(TItemId id, IReadOnlyDictionary<string, string> labels, IReadOnlyList<string>? parentIds = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var ownLabels = LabelSet.From(labels);
        parentIds ??= [];
        for (var i = 0; i < parentIds.Count; i++)
        {
            if (parentIds[i] is null)
            {
                throw new ArgumentException("Parent ids must not be null.", nameof(parentIds));
            }
        }

        BeginOperation();
        try
        {
            if (_items.TryGetValue(id, out var item))
            {
                var sameParents = HasParents(item, parentIds);
                if (sameParents && item.OwnLabels.Equals(ownLabels))
                {
                    return;
                }

                item.CollectEffectiveLabels(_oldLabels);
                if (!sameParents)
                {
                    SetParents(item, ResolveParents(parentIds));
                }

                item.OwnLabels = ownLabels;
                item.CollectEffectiveLabels(_newLabels);
                ApplyEffectiveLabels(item, isNew: false);
            }
            else
            {
                item = new ItemState<TItemId, TSelectorId>(id, ownLabels, []);
                _items.Add(id, item);
                SetParents(item, ResolveParents(parentIds));
                _oldLabels.Clear();
                item.CollectEffectiveLabels(_newLabels);
                ApplyEffectiveLabels(item, isNew: true);
            }
        }
        finally
        {
            EndOperation();
        }
    }

    /// <summary>Removes an item, reporting the end of each of its matches. Unknown ids are ignored.</summary>
    public void DeleteItem(TItemId id)
    {
        BeginOperation();
        try
        {
            if (!_items.Remove(id, out var item))
            {
                return;
            }

            item.CollectEffectiveLabels(_oldLabels);
            foreach (var (key, value) in _oldLabels)
            {
                _itemsByLabel.Remove(key, value, item);
            }

            SetParents(item, []);

            // Every selector matching the item is a candidate for its labels (restrictions are
            // necessary conditions), so the candidates are where its matches are.
            _selectorsByLabel.CollectCandidates(_oldLabels, _selectorScratch);
            foreach (var selector in _selectorScratch)
            {
                if (selector.Matches.Remove(item))
                {
                    _sink.OnMatchStopped(selector.Id, item.Id);
                }
            }
        }
        finally
        {
            EndOperation();
        }
    }

    /// <summary>
    /// Sets the labels that parent <paramref name="parentId"/> passes to its children (a profile's
    /// labelsToApply), re-evaluating only the children whose effective labels change.
    /// </summary>
    public void UpdateParentLabels(string parentId, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(parentId);
        ArgumentNullException.ThrowIfNull(labels);
        var newLabels = LabelSet.From(labels);
        BeginOperation();
        try
        {
            var parent = GetOrAddParent(parentId);
            var oldLabels = parent.Labels;
            if (oldLabels is not null && oldLabels.Equals(newLabels))
            {
                return;
            }

            parent.Labels = newLabels;
            RefreshChildren(parent, oldLabels);
        }
        finally
        {
            EndOperation();
        }
    }

    /// <summary>Forgets a parent's labels; its children keep naming it but inherit nothing from it.</summary>
    public void DeleteParentLabels(string parentId)
    {
        ArgumentNullException.ThrowIfNull(parentId);
        BeginOperation();
        try
        {
            if (!_parents.TryGetValue(parentId, out var parent) || parent.Labels is not { } oldLabels)
            {
                return;
            }

            parent.Labels = null;
            RefreshChildren(parent, oldLabels);
            if (parent.IsUnused)
            {
                _parents.Remove(parentId);
            }
        }
        finally
        {
            EndOperation();
        }
    }

    /// <summary>The items the selector currently matches (empty for an unknown selector).</summary>
    public IEnumerable<TItemId> ItemsMatching(TSelectorId selectorId)
    {
        if (!_selectors.TryGetValue(selectorId, out var state))
        {
            yield break;
        }

        foreach (var item in state.Matches)
        {
            yield return item.Id;
        }
    }

    /// <summary>The selectors that currently match the item (empty for an unknown item).</summary>
    /// <remarks>Matches are stored per selector, so this looks through the item's candidate selectors.</remarks>
    public IEnumerable<TSelectorId> SelectorsMatching(TItemId itemId)
    {
        if (!_items.TryGetValue(itemId, out var item))
        {
            return [];
        }

        // Not the shared scratch space: a sink may call this from inside an operation.
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        item.CollectEffectiveLabels(labels);
        var candidates = new List<SelectorState<TItemId, TSelectorId>>();
        _selectorsByLabel.CollectCandidates(labels, candidates);
        return candidates.Where(selector => selector.Matches.Contains(item)).Select(selector => selector.Id).ToList();
    }

    /// <summary>Whether the selector currently matches the item.</summary>
    public bool IsMatch(TSelectorId selectorId, TItemId itemId) =>
        _selectors.TryGetValue(selectorId, out var selector) &&
        _items.TryGetValue(itemId, out var item) &&
        selector.Matches.Contains(item);

    private void BeginOperation()
    {
        if (_inOperation)
        {
            throw new InvalidOperationException(
                "The label index was modified from inside an ILabelIndexSink callback; a sink must not modify the index that calls it.");
        }

        _inOperation = true;
    }

    private void EndOperation()
    {
        _oldLabels.Clear();
        _newLabels.Clear();
        _selectorScratch.Clear();
        _itemScratch.Clear();
        _matchScratch.Clear();
        _inOperation = false;
    }

    private void CollectCandidateItems(SelectorPlacement placement)
    {
        switch (placement.Kind)
        {
            case PlacementKind.ByValue:
                foreach (var value in placement.Values!)
                {
                    _itemsByLabel.CollectWithValue(placement.Key!, value, _itemScratch);
                }

                break;
            case PlacementKind.ByPresence:
                _itemsByLabel.CollectWithKey(placement.Key!, _itemScratch);
                break;
            case PlacementKind.Unindexed:
                _itemScratch.AddRange(_items.Values);
                break;
            case PlacementKind.Unsatisfiable:
            default:
                break;
        }
    }

    /// <summary>
    /// Brings the item-side index and the item's matches up to date after its effective labels went
    /// from <see cref="_oldLabels"/> to <see cref="_newLabels"/>. Stops are reported before starts.
    /// </summary>
    private void ApplyEffectiveLabels(ItemState<TItemId, TSelectorId> item, bool isNew)
    {
        if (!isNew && SameLabels(_oldLabels, _newLabels))
        {
            return;
        }

        foreach (var (key, value) in _oldLabels)
        {
            if (!_newLabels.TryGetValue(key, out var current) || !string.Equals(current, value, StringComparison.Ordinal))
            {
                _itemsByLabel.Remove(key, value, item);
            }
        }

        foreach (var (key, value) in _newLabels)
        {
            if (!_oldLabels.TryGetValue(key, out var previous) || !string.Equals(previous, value, StringComparison.Ordinal))
            {
                _itemsByLabel.Add(key, value, item);
            }
        }

        // Stops: the selectors matching the item are among the candidates for its old labels.
        _selectorScratch.Clear();
        if (!isNew)
        {
            _selectorsByLabel.CollectCandidates(_oldLabels, _selectorScratch);
            foreach (var selector in _selectorScratch)
            {
                if (!selector.Matches.Contains(item))
                {
                    continue;
                }

                EvaluationCount++;
                if (!selector.Selector.Matches(_newLabels))
                {
                    StopMatch(selector, item);
                }
            }
        }

        // Starts: candidates for the new labels that do not match yet.
        _selectorScratch.Clear();
        _selectorsByLabel.CollectCandidates(_newLabels, _selectorScratch);
        foreach (var selector in _selectorScratch)
        {
            if (selector.Matches.Contains(item))
            {
                continue;
            }

            EvaluationCount++;
            if (selector.Selector.Matches(_newLabels))
            {
                StartMatch(selector, item);
            }
        }
    }

    private void RefreshChildren(ParentState<TItemId, TSelectorId> parent, LabelSet? oldLabels)
    {
        if (parent.Children is not { } children)
        {
            return;
        }

        foreach (var child in children)
        {
            child.CollectEffectiveLabels(_oldLabels, parent, oldLabels);
            child.CollectEffectiveLabels(_newLabels);
            ApplyEffectiveLabels(child, isNew: false);
        }
    }

    private void StartMatch(SelectorState<TItemId, TSelectorId> selector, ItemState<TItemId, TSelectorId> item)
    {
        selector.Matches.Add(item);
        _sink.OnMatchStarted(selector.Id, item.Id);
    }

    private void StopMatch(SelectorState<TItemId, TSelectorId> selector, ItemState<TItemId, TSelectorId> item)
    {
        selector.Matches.Remove(item);
        _sink.OnMatchStopped(selector.Id, item.Id);
    }

    private ParentState<TItemId, TSelectorId>[] ResolveParents(IReadOnlyList<string> parentIds)
    {
        if (parentIds.Count == 0)
        {
            return [];
        }

        var parents = new ParentState<TItemId, TSelectorId>[parentIds.Count];
        for (var i = 0; i < parents.Length; i++)
        {
            parents[i] = GetOrAddParent(parentIds[i]);
        }

        return parents;
    }

    private ParentState<TItemId, TSelectorId> GetOrAddParent(string parentId)
    {
        if (!_parents.TryGetValue(parentId, out var parent))
        {
            parent = new ParentState<TItemId, TSelectorId>(parentId);
            _parents.Add(parentId, parent);
        }

        return parent;
    }

    /// <summary>Points the item at <paramref name="parents"/>, keeping each parent's child set in step.</summary>
    private void SetParents(ItemState<TItemId, TSelectorId> item, ParentState<TItemId, TSelectorId>[] parents)
    {
        foreach (var parent in parents)
        {
            (parent.Children ??= []).Add(item);
        }

        foreach (var old in item.Parents)
        {
            if (Array.IndexOf(parents, old) >= 0 || old.Children is not { } children)
            {
                continue;
            }

            children.Remove(item);
            if (children.Count == 0)
            {
                old.Children = null;
            }

            if (old.IsUnused)
            {
                _parents.Remove(old.Id);
            }
        }

        item.Parents = parents;
    }

    private static bool HasParents(ItemState<TItemId, TSelectorId> item, IReadOnlyList<string> parentIds)
    {
        if (item.Parents.Length != parentIds.Count)
        {
            return false;
        }

        for (var i = 0; i < parentIds.Count; i++)
        {
            if (!string.Equals(item.Parents[i].Id, parentIds[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameLabels(Dictionary<string, string> a, Dictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
