using Calico.Policy.Effective;

namespace Calico.Policy.Resolution;

/// <summary>
/// The order Felix evaluates tiers and policies in (felix/calc/policy_sorter.go): ascending order, a
/// missing order after every set one; ties between tiers by name, between policies by the string
/// <c>name/namespace/kind</c>, compared ordinally.
/// </summary>
public static class PolicyOrdering
{
    /// <summary>Compares tiers: <c>TierLess</c>.</summary>
    public static int CompareTiers(EffectiveTier? x, EffectiveTier? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? 1 : -1;
        }

        var byOrder = (x.Order, y.Order) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            ({ } a, { } b) => a.CompareTo(b),
        };
        return byOrder != 0 ? byOrder : string.CompareOrdinal(x.Name, y.Name);
    }

    /// <summary>Compares policies within a tier: <c>PolKVLess</c> (a missing order is +Inf).</summary>
    public static int ComparePolicies(EffectivePolicy? x, EffectivePolicy? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? 1 : -1;
        }

        var byOrder = x.SortOrder.CompareTo(y.SortOrder);
        return byOrder != 0 ? byOrder : string.CompareOrdinal(x.Id.SortKey, y.Id.SortKey);
    }
}
