using Calico.Api.Values;

namespace Calico.Policy.Effective;

/// <summary>A tier: its order (null sorts last) and the action when its policies decide nothing.</summary>
public sealed record EffectiveTier(string Name, double? Order, TierDefaultAction DefaultAction)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Name} (order {(Order is { } order ? order.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}, default {DefaultAction})";
}
