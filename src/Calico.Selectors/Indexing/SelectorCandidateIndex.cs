namespace Calico.Selectors.Indexing;

/// <summary>
/// Selectors filed by what they require of an item (Felix's label restriction index): under
/// (key, value) pairs, under a key that must be present, or as unindexed. For a changed item, the
/// candidates are the selectors filed under its effective labels plus the unindexed ones; every other
/// selector is known not to match it.
/// </summary>
internal sealed class SelectorCandidateIndex<TItemId, TSelectorId>
    where TItemId : notnull
    where TSelectorId : notnull
{
    private readonly Dictionary<string, KeyEntry> _byKey = new(StringComparer.Ordinal);
    private readonly HashSet<SelectorState<TItemId, TSelectorId>> _unindexed = [];

    public int UnindexedCount => _unindexed.Count;

    public void Add(SelectorState<TItemId, TSelectorId> selector)
    {
        var placement = selector.Placement;
        switch (placement.Kind)
        {
            case PlacementKind.Unindexed:
                _unindexed.Add(selector);
                break;
            case PlacementKind.ByPresence:
                (GetOrAdd(placement.Key!).AnyValue ??= []).Add(selector);
                break;
            case PlacementKind.ByValue:
                var entry = GetOrAdd(placement.Key!);
                foreach (var value in placement.Values!)
                {
                    if (!entry.ByValue.TryGetValue(value, out var set))
                    {
                        set = [];
                        entry.ByValue.Add(value, set);
                    }

                    set.Add(selector);
                }

                break;
            case PlacementKind.Unsatisfiable:
            default:
                break;
        }
    }

    public void Remove(SelectorState<TItemId, TSelectorId> selector)
    {
        var placement = selector.Placement;
        switch (placement.Kind)
        {
            case PlacementKind.Unindexed:
                _unindexed.Remove(selector);
                break;
            case PlacementKind.ByPresence when _byKey.TryGetValue(placement.Key!, out var entry):
                if (entry.AnyValue is { } any && any.Remove(selector) && any.Count == 0)
                {
                    entry.AnyValue = null;
                }

                RemoveIfEmpty(placement.Key!, entry);
                break;
            case PlacementKind.ByValue when _byKey.TryGetValue(placement.Key!, out var entry):
                foreach (var value in placement.Values!)
                {
                    if (entry.ByValue.TryGetValue(value, out var set) && set.Remove(selector) && set.Count == 0)
                    {
                        entry.ByValue.Remove(value);
                    }
                }

                RemoveIfEmpty(placement.Key!, entry);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Appends every selector that might match an item with these effective labels. Each selector is
    /// filed under one key only, so none is appended twice.
    /// </summary>
    public void CollectCandidates(Dictionary<string, string> labels, List<SelectorState<TItemId, TSelectorId>> into)
    {
        if (_byKey.Count > 0)
        {
            foreach (var (key, value) in labels)
            {
                if (!_byKey.TryGetValue(key, out var entry))
                {
                    continue;
                }

                if (entry.ByValue.TryGetValue(value, out var set))
                {
                    into.AddRange(set);
                }

                if (entry.AnyValue is { } any)
                {
                    into.AddRange(any);
                }
            }
        }

        into.AddRange(_unindexed);
    }

    private KeyEntry GetOrAdd(string key)
    {
        if (!_byKey.TryGetValue(key, out var entry))
        {
            entry = new KeyEntry();
            _byKey.Add(key, entry);
        }

        return entry;
    }

    private void RemoveIfEmpty(string key, KeyEntry entry)
    {
        if (entry.ByValue.Count == 0 && entry.AnyValue is null)
        {
            _byKey.Remove(key);
        }
    }

    private sealed class KeyEntry
    {
        public Dictionary<string, HashSet<SelectorState<TItemId, TSelectorId>>> ByValue { get; } = new(StringComparer.Ordinal);

        public HashSet<SelectorState<TItemId, TSelectorId>>? AnyValue { get; set; }
    }
}
