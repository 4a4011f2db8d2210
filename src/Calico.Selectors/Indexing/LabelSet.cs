using System.Diagnostics.CodeAnalysis;

namespace Calico.Selectors.Indexing;

/// <summary>
/// An immutable copy of one item's or parent's own labels, stored as a key-sorted array: smaller than a
/// dictionary, as fast for the handful of labels a resource carries, and cheap to compare.
/// </summary>
internal sealed class LabelSet : IEquatable<LabelSet>
{
    // Up to this many entries a linear scan beats binary search.
    private const int LinearScanLimit = 8;

    private readonly KeyValuePair<string, string>[] _entries;

    private LabelSet(KeyValuePair<string, string>[] entries)
    {
        _entries = entries;
    }

    public static LabelSet Empty { get; } = new([]);

    public int Count => _entries.Length;

    /// <summary>The labels in ordinal key order.</summary>
    public ReadOnlySpan<KeyValuePair<string, string>> Entries => _entries;

    /// <summary>Copies <paramref name="labels"/>; null or empty gives <see cref="Empty"/>.</summary>
    public static LabelSet From(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return Empty;
        }

        var entries = new KeyValuePair<string, string>[labels.Count];
        var i = 0;
        if (labels is Dictionary<string, string> dictionary)
        {
            // The common case; enumerating the concrete type avoids boxing an enumerator.
            foreach (var entry in dictionary)
            {
                entries[i++] = entry;
            }
        }
        else
        {
            foreach (var entry in labels)
            {
                entries[i++] = entry;
            }
        }

        foreach (var (key, value) in entries)
        {
            if (key is null || value is null)
            {
                throw new ArgumentException("Label keys and values must not be null.", nameof(labels));
            }
        }

        entries.AsSpan().Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new LabelSet(entries);
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        if (index < 0)
        {
            value = null;
            return false;
        }

        value = _entries[index].Value;
        return true;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool Equals(LabelSet? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._entries.Length != _entries.Length)
        {
            return false;
        }

        for (var i = 0; i < _entries.Length; i++)
        {
            if (!string.Equals(_entries[i].Key, other._entries[i].Key, StringComparison.Ordinal) ||
                !string.Equals(_entries[i].Value, other._entries[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _entries)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    private int IndexOf(string key)
    {
        var entries = _entries;
        if (entries.Length <= LinearScanLimit)
        {
            for (var i = 0; i < entries.Length; i++)
            {
                if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        int low = 0, high = entries.Length - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) >> 1);
            var order = string.CompareOrdinal(entries[mid].Key, key);
            if (order == 0)
            {
                return mid;
            }

            if (order < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return -1;
    }
}
