namespace Calico.Selectors.Indexing;

/// <summary>
/// Items by effective label: key → value → items. A new selector uses it to find its candidate items
/// (those with a value it requires, or with a key it requires) instead of scanning every item.
/// </summary>
/// <remarks>
/// Many label values are unique to one item (pod names, template hashes), so a value held by a single
/// item stores the item itself and only grows into a set when a second item shares it.
/// </remarks>
internal sealed class ItemLabelIndex<TItemId, TSelectorId>
    where TItemId : notnull
    where TSelectorId : notnull
{
    private readonly Dictionary<string, KeyEntry> _byKey = new(StringComparer.Ordinal);

    public void Add(string key, string value, ItemState<TItemId, TSelectorId> item)
    {
        if (!_byKey.TryGetValue(key, out var entry))
        {
            entry = new KeyEntry();
            _byKey.Add(key, entry);
        }

        if (!entry.ByValue.TryGetValue(value, out var slot))
        {
            entry.ByValue.Add(value, item);
        }
        else if (slot is HashSet<ItemState<TItemId, TSelectorId>> set)
        {
            if (!set.Add(item))
            {
                return;
            }
        }
        else if (!ReferenceEquals(slot, item))
        {
            entry.ByValue[value] = new HashSet<ItemState<TItemId, TSelectorId>> { (ItemState<TItemId, TSelectorId>)slot, item };
        }
        else
        {
            return;
        }

        entry.Count++;
    }

    public void Remove(string key, string value, ItemState<TItemId, TSelectorId> item)
    {
        if (!_byKey.TryGetValue(key, out var entry) || !entry.ByValue.TryGetValue(value, out var slot))
        {
            return;
        }

        if (slot is HashSet<ItemState<TItemId, TSelectorId>> set)
        {
            if (!set.Remove(item))
            {
                return;
            }

            if (set.Count == 1)
            {
                entry.ByValue[value] = set.First();
            }
        }
        else if (ReferenceEquals(slot, item))
        {
            entry.ByValue.Remove(value);
        }
        else
        {
            return;
        }

        if (--entry.Count == 0)
        {
            _byKey.Remove(key);
        }
    }

    /// <summary>The number of items that have label <paramref name="key"/>.</summary>
    public int CountWithKey(string key) => _byKey.TryGetValue(key, out var entry) ? entry.Count : 0;

    /// <summary>The number of items whose label <paramref name="key"/> is <paramref name="value"/>.</summary>
    public int CountWithValue(string key, string value) =>
        _byKey.TryGetValue(key, out var entry) && entry.ByValue.TryGetValue(value, out var slot) ? SlotCount(slot) : 0;

    /// <summary>Appends the items whose label <paramref name="key"/> is <paramref name="value"/>.</summary>
    public void CollectWithValue(string key, string value, List<ItemState<TItemId, TSelectorId>> into)
    {
        if (_byKey.TryGetValue(key, out var entry) && entry.ByValue.TryGetValue(value, out var slot))
        {
            AppendSlot(slot, into);
        }
    }

    /// <summary>Appends the items that have label <paramref name="key"/>, whatever its value.</summary>
    public void CollectWithKey(string key, List<ItemState<TItemId, TSelectorId>> into)
    {
        if (!_byKey.TryGetValue(key, out var entry))
        {
            return;
        }

        foreach (var slot in entry.ByValue.Values)
        {
            AppendSlot(slot, into);
        }
    }

    private static int SlotCount(object slot) => slot is HashSet<ItemState<TItemId, TSelectorId>> set ? set.Count : 1;

    private static void AppendSlot(object slot, List<ItemState<TItemId, TSelectorId>> into)
    {
        if (slot is HashSet<ItemState<TItemId, TSelectorId>> set)
        {
            into.AddRange(set);
        }
        else
        {
            into.Add((ItemState<TItemId, TSelectorId>)slot);
        }
    }

    private sealed class KeyEntry
    {
        /// <summary>Value → the single item with that value, or a set of the items with it.</summary>
        public Dictionary<string, object> ByValue { get; } = new(StringComparer.Ordinal);

        /// <summary>The number of items with this key.</summary>
        public int Count { get; set; }
    }
}
