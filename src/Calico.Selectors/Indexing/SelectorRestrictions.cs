using System.Collections.ObjectModel;

namespace Calico.Selectors.Indexing;

/// <summary>
/// The label restrictions of a whole selector: every entry must hold for the selector to match,
/// and <see cref="IsUnsatisfiable"/> means it can never match. Instances are immutable.
/// </summary>
internal sealed class SelectorRestrictions
{
    private readonly IReadOnlyDictionary<string, LabelRestriction> _labels;

    private SelectorRestrictions(bool isUnsatisfiable, IReadOnlyDictionary<string, LabelRestriction> labels)
    {
        IsUnsatisfiable = isUnsatisfiable || labels.Values.Any(r => !r.IsSatisfiable);
        _labels = labels;
    }

    /// <summary>No restriction is known (e.g. <c>all()</c>, <c>a != 'x'</c>).</summary>
    public static SelectorRestrictions None { get; } = new(false, ReadOnlyDictionary<string, LabelRestriction>.Empty);

    /// <summary>The selector can never match (e.g. <c>!all()</c>, <c>a in {}</c>).</summary>
    public static SelectorRestrictions Unsatisfiable { get; } = new(true, ReadOnlyDictionary<string, LabelRestriction>.Empty);

    public bool IsUnsatisfiable { get; }

    public IReadOnlyDictionary<string, LabelRestriction> Labels => _labels;

    public static SelectorRestrictions For(string label, LabelRestriction restriction) =>
        new(false, new Dictionary<string, LabelRestriction>(StringComparer.Ordinal) { [label] = restriction });

    /// <summary>Both must hold: every restriction of either side applies.</summary>
    public static SelectorRestrictions And(SelectorRestrictions left, SelectorRestrictions right)
    {
        if (left.IsUnsatisfiable || right.IsUnsatisfiable)
        {
            return Unsatisfiable;
        }

        var merged = new Dictionary<string, LabelRestriction>(left._labels, StringComparer.Ordinal);
        foreach (var (label, r) in right._labels)
        {
            if (!merged.TryGetValue(label, out var l))
            {
                merged[label] = r;
                continue;
            }

            var values = l.AllowedValues is null ? r.AllowedValues
                : r.AllowedValues is null ? l.AllowedValues
                : l.AllowedValues.Intersect(r.AllowedValues, StringComparer.Ordinal).ToArray();
            merged[label] = new LabelRestriction(l.MustBePresent || r.MustBePresent, l.MustBeAbsent || r.MustBeAbsent, values);
        }

        return new SelectorRestrictions(false, merged);
    }

    /// <summary>Either may hold: only restrictions that both sides impose survive, loosened to cover both.</summary>
    public static SelectorRestrictions Or(SelectorRestrictions left, SelectorRestrictions right)
    {
        if (left.IsUnsatisfiable)
        {
            return right;
        }

        if (right.IsUnsatisfiable)
        {
            return left;
        }

        var merged = new Dictionary<string, LabelRestriction>(StringComparer.Ordinal);
        foreach (var (label, l) in left._labels)
        {
            if (!right._labels.TryGetValue(label, out var r))
            {
                continue;
            }

            var present = l.MustBePresent && r.MustBePresent;
            var absent = l.MustBeAbsent && r.MustBeAbsent;
            var values = present && l.AllowedValues is not null && r.AllowedValues is not null
                ? l.AllowedValues.Union(r.AllowedValues, StringComparer.Ordinal).ToArray()
                : null;
            if (present || absent)
            {
                merged[label] = new LabelRestriction(present, absent, values);
            }
        }

        return new SelectorRestrictions(false, merged);
    }
}
