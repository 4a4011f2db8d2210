using Calico.Api.Values;

namespace Calico.Api.Resources;

public sealed class Tier : Resource
{
    public TierSpec Spec { get; set; } = new();
}

public sealed class TierSpec
{
    public double? Order { get; set; }

    public TierDefaultAction? DefaultAction { get; set; }
}
