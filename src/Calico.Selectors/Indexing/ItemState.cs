using System.Diagnostics.CodeAnalysis;

namespace Calico.Selectors.Indexing;

/// <summary>
/// One item (endpoint): its own labels and its parents in priority order. (Which selectors match it is
/// kept only on the selector side; see <see cref="LabelIndex{TItemId, TSelectorId}"/>.)
/// As an <see cref="ILabelSource"/> it presents the effective labels without copying them: own labels
/// first, then each parent's in the order the parents were given, the first to define a key winning.
/// </summary>
internal sealed class ItemState<TItemId, TSelectorId>(TItemId id, LabelSet ownLabels, ParentState<TItemId, TSelectorId>[] parents)
    : ILabelSource
    where TItemId : notnull
    where TSelectorId : notnull
{
    public TItemId Id { get; } = id;

    public LabelSet OwnLabels { get; set; } = ownLabels;

    public ParentState<TItemId, TSelectorId>[] Parents { get; set; } = parents;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (OwnLabels.TryGetValue(key, out value))
        {
            return true;
        }

        foreach (var parent in Parents)
        {
            if (parent.Labels is { } labels && labels.TryGetValue(key, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>
    /// Writes the effective labels into <paramref name="into"/> (which is cleared first). If
    /// <paramref name="substitute"/> is given, <paramref name="substituteLabels"/> stand in for its labels,
    /// which lets a caller compute the labels as they were before a parent changed.
    /// </summary>
    public void CollectEffectiveLabels(
        Dictionary<string, string> into,
        ParentState<TItemId, TSelectorId>? substitute = null,
        LabelSet? substituteLabels = null)
    {
        into.Clear();
        foreach (var (key, value) in OwnLabels.Entries)
        {
            into[key] = value;
        }

        foreach (var parent in Parents)
        {
            var labels = ReferenceEquals(parent, substitute) ? substituteLabels : parent.Labels;
            if (labels is null)
            {
                continue;
            }

            foreach (var (key, value) in labels.Entries)
            {
                into.TryAdd(key, value);
            }
        }
    }
}
