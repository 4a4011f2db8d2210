using Calico.Api.Values;
using Calico.Policy.Ids;
using Calico.Selectors;

namespace Calico.Policy.Effective;

/// <summary>
/// A NetworkPolicy, GlobalNetworkPolicy or Kubernetes NetworkPolicy as Felix sees it (the v1
/// <c>model.Policy</c>): the selector already includes the namespace, namespaceSelector and
/// serviceAccountSelector, and the rules are converted.
/// </summary>
public sealed record EffectivePolicy
{
    /// <summary>The policy's identity.</summary>
    public required PolicyId Id { get; init; }

    /// <summary>The tier the policy is in (<c>default</c> when unset).</summary>
    public required string Tier { get; init; }

    /// <summary>The order; null sorts after every ordered policy (Felix maps it to +Inf).</summary>
    public double? Order { get; init; }

    /// <summary>Which endpoints the policy applies to.</summary>
    public required Selector Selector { get; init; }

    /// <summary>The directions the policy governs (defaulted from the rules when the resource had none).</summary>
    public required IReadOnlyList<PolicyType> Types { get; init; }

    /// <summary>Ingress rules, top to bottom.</summary>
    public IReadOnlyList<EffectiveRule> Ingress { get; init; } = [];

    /// <summary>Egress rules, top to bottom.</summary>
    public IReadOnlyList<EffectiveRule> Egress { get; init; } = [];

    /// <summary>GlobalNetworkPolicy doNotTrack: applied in the raw table to host endpoints, untracked.</summary>
    public bool DoNotTrack { get; init; }

    /// <summary>GlobalNetworkPolicy preDNAT: applied to host endpoint ingress before DNAT.</summary>
    public bool PreDnat { get; init; }

    /// <summary>Whether the policy also covers traffic forwarded through host endpoints (always true for NetworkPolicy).</summary>
    public bool ApplyOnForward { get; init; }

    /// <summary>True when <see cref="Types"/> contains <paramref name="direction"/>.</summary>
    public bool Governs(PolicyType direction)
    {
        foreach (var type in Types)
        {
            if (type == direction)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The rules for <paramref name="direction"/>.</summary>
    public IReadOnlyList<EffectiveRule> RulesFor(PolicyType direction) => direction == PolicyType.Ingress ? Ingress : Egress;

    /// <summary>The order as Felix sorts it: null is +Inf.</summary>
    public double SortOrder => Order ?? double.PositiveInfinity;
}
