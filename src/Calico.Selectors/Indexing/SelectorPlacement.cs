namespace Calico.Selectors.Indexing;

/// <summary>Where a selector is filed in the <see cref="SelectorCandidateIndex{TItemId, TSelectorId}"/>.</summary>
/// <param name="Kind">How it is filed.</param>
/// <param name="Key">The label key for <see cref="PlacementKind.ByValue"/> and <see cref="PlacementKind.ByPresence"/>.</param>
/// <param name="Values">The values for <see cref="PlacementKind.ByValue"/>.</param>
internal readonly record struct SelectorPlacement(PlacementKind Kind, string? Key, string[]? Values)
{
    public static SelectorPlacement Unindexed => new(PlacementKind.Unindexed, null, null);

    public static SelectorPlacement Unsatisfiable => new(PlacementKind.Unsatisfiable, null, null);

    /// <summary>
    /// Picks the restricted key that the fewest items currently satisfy, so that both the initial scan
    /// and later item changes touch as little as possible. Ties go to the restriction with fewer allowed
    /// values (a required value beats a required key), then to the ordinally smaller key, so the choice
    /// is deterministic.
    /// </summary>
    public static SelectorPlacement Choose<TItemId, TSelectorId>(
        SelectorRestrictions restrictions,
        ItemLabelIndex<TItemId, TSelectorId> items)
        where TItemId : notnull
        where TSelectorId : notnull
    {
        if (restrictions.IsUnsatisfiable)
        {
            return Unsatisfiable;
        }

        var best = Unindexed;
        var bestCount = long.MaxValue;
        var bestWidth = int.MaxValue;
        foreach (var (key, restriction) in restrictions.Labels)
        {
            if (!restriction.MustBePresent)
            {
                continue;
            }

            long count = 0;
            var width = int.MaxValue;
            if (restriction.AllowedValues is { } values)
            {
                width = values.Length;
                foreach (var value in values)
                {
                    count += items.CountWithValue(key, value);
                }
            }
            else
            {
                count = items.CountWithKey(key);
            }

            var better = count < bestCount ||
                (count == bestCount && (width < bestWidth || (width == bestWidth && string.CompareOrdinal(key, best.Key) < 0)));
            if (better)
            {
                best = restriction.AllowedValues is { } allowed
                    ? new SelectorPlacement(PlacementKind.ByValue, key, allowed)
                    : new SelectorPlacement(PlacementKind.ByPresence, key, null);
                bestCount = count;
                bestWidth = width;
            }
        }

        return best;
    }
}
