namespace Calico.Policy.Effective;

/// <summary>A Profile as Felix sees it: rules (not scoped to any namespace) and the labels endpoints inherit.</summary>
public sealed record EffectiveProfile
{
    /// <summary>The profile name, e.g. <c>kns.app</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Ingress rules, top to bottom.</summary>
    public IReadOnlyList<EffectiveRule> Ingress { get; init; } = [];

    /// <summary>Egress rules, top to bottom.</summary>
    public IReadOnlyList<EffectiveRule> Egress { get; init; } = [];

    /// <summary>Labels applied to endpoints (and network sets) that name this profile.</summary>
    public IReadOnlyDictionary<string, string> LabelsToApply { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The rules for <paramref name="direction"/>.</summary>
    public IReadOnlyList<EffectiveRule> RulesFor(Api.Values.PolicyType direction) =>
        direction == Api.Values.PolicyType.Ingress ? Ingress : Egress;
}
