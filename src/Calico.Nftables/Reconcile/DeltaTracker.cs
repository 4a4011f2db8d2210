using System.Diagnostics.CodeAnalysis;

namespace Calico.Nftables;

/// <summary>
/// Desired versus programmed state of one kind of object, keyed by <typeparamref name="TKey"/> (after Felix's
/// deltatracker). The pending sets are kept up to date on every change, so finding what to program costs
/// O(changes), not O(size): a 10k-element set with one new member yields one pending update.
/// <list type="bullet">
/// <item><see cref="PendingUpdates"/>: desired keys whose programmed value is missing or different.</item>
/// <item><see cref="PendingDeletions"/>: programmed keys that are not desired.</item>
/// </list>
/// Not thread-safe: one owner (the dataplane loop) drives it.
/// </summary>
internal sealed class DeltaTracker<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _desired = [];
    private readonly Dictionary<TKey, TValue> _dataplane = [];
    private readonly HashSet<TKey> _pendingUpdates = [];
    private readonly HashSet<TKey> _pendingDeletions = [];
    private readonly IEqualityComparer<TValue> _valueComparer;

    public DeltaTracker(IEqualityComparer<TValue>? valueComparer = null) => _valueComparer = valueComparer ?? EqualityComparer<TValue>.Default;

    public IReadOnlyDictionary<TKey, TValue> Desired => _desired;

    public IReadOnlyDictionary<TKey, TValue> Dataplane => _dataplane;

    public IReadOnlyCollection<TKey> PendingUpdates => _pendingUpdates;

    public IReadOnlyCollection<TKey> PendingDeletions => _pendingDeletions;

    public bool InSync => _pendingUpdates.Count == 0 && _pendingDeletions.Count == 0;

    public void SetDesired(TKey key, TValue value)
    {
        _desired[key] = value;
        Unpend(_pendingDeletions, key);
        Reassess(key);
    }

    public bool DeleteDesired(TKey key)
    {
        if (!_desired.Remove(key))
        {
            return false;
        }

        Unpend(_pendingUpdates, key);
        if (_dataplane.ContainsKey(key))
        {
            _pendingDeletions.Add(key);
        }

        return true;
    }

    public void DeleteAllDesired()
    {
        foreach (var key in _desired.Keys.ToArray())
        {
            DeleteDesired(key);
        }
    }

    public bool TryGetDesired(TKey key, [MaybeNullWhen(false)] out TValue value) => _desired.TryGetValue(key, out value);

    public bool TryGetDataplane(TKey key, [MaybeNullWhen(false)] out TValue value) => _dataplane.TryGetValue(key, out value);

    /// <summary>Records that <paramref name="key"/> is now programmed as <paramref name="value"/>.</summary>
    public void SetDataplane(TKey key, TValue value)
    {
        _dataplane[key] = value;
        Reassess(key);
    }

    /// <summary>Records that <paramref name="key"/> is no longer programmed.</summary>
    public void DeleteDataplane(TKey key)
    {
        _dataplane.Remove(key);
        Unpend(_pendingDeletions, key);
        Reassess(key);
    }

    /// <summary>Replaces the whole programmed side (after reading the kernel) and recomputes what is pending.</summary>
    /// <remarks>
    /// When <paramref name="programmed"/> holds exactly what is recorded already (the usual periodic resync), nothing
    /// is replaced: the recorded keys and values stay and the ones just read become garbage at once, so the programmed
    /// side is not copied anew every resync.
    /// </remarks>
    public void ReplaceDataplane(IEnumerable<KeyValuePair<TKey, TValue>> programmed)
    {
        if (programmed is IReadOnlyCollection<KeyValuePair<TKey, TValue>> listed && listed.Count == _dataplane.Count && listed.All(Recorded))
        {
            return;
        }

        _dataplane.Clear();
        foreach (var (key, value) in programmed)
        {
            _dataplane[key] = value;
        }

        _pendingUpdates.Clear();
        _pendingDeletions.Clear();
        foreach (var key in _desired.Keys)
        {
            Reassess(key);
        }

        foreach (var key in _dataplane.Keys)
        {
            if (!_desired.ContainsKey(key))
            {
                _pendingDeletions.Add(key);
            }
        }
    }

    /// <summary>
    /// Replaces the programmed side with <paramref name="listed"/> for every key <paramref name="leaveAlone"/> does not
    /// name (a background resync: keys written since its listing started keep what was recorded, since the listing may
    /// predate them). A key listed takes the listed value; a key not listed is no longer programmed.
    /// </summary>
    public void ReplaceDataplane(IReadOnlyDictionary<TKey, TValue> listed, Func<TKey, bool> leaveAlone)
    {
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(leaveAlone);
        foreach (var key in _dataplane.Keys.Where(k => !listed.ContainsKey(k) && !leaveAlone(k)).ToArray())
        {
            DeleteDataplane(key);
        }

        foreach (var entry in listed)
        {
            if (!leaveAlone(entry.Key) && !Recorded(entry))
            {
                SetDataplane(entry.Key, entry.Value);
            }
        }
    }

    /// <summary>
    /// Removes a pending key; a pending set that empties gives its storage back (after a set of 1000 members is
    /// programmed, its pending updates would otherwise keep room for 1000 keys until the set is next rewritten).
    /// </summary>
    private static void Unpend(HashSet<TKey> pending, TKey key)
    {
        if (pending.Remove(key) && pending.Count == 0)
        {
            pending.TrimExcess();
        }
    }

    private bool Recorded(KeyValuePair<TKey, TValue> entry) =>
        _dataplane.TryGetValue(entry.Key, out var value) && _valueComparer.Equals(value, entry.Value);

    private void Reassess(TKey key)
    {
        if (_desired.TryGetValue(key, out var desired))
        {
            if (_dataplane.TryGetValue(key, out var programmed) && _valueComparer.Equals(desired, programmed))
            {
                Unpend(_pendingUpdates, key);
            }
            else
            {
                _pendingUpdates.Add(key);
            }
        }
        else
        {
            Unpend(_pendingUpdates, key);
            if (_dataplane.ContainsKey(key))
            {
                _pendingDeletions.Add(key);
            }
        }
    }
}
