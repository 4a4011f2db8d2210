using Calico.Api.Conversion;
using Calico.Api.Defaults;
using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Api.Values;
using Calico.Policy.Ids;
using Calico.Selectors;

namespace Calico.Policy.Effective;

/// <summary>
/// Converts policy resources into the <see cref="EffectivePolicy"/>, <see cref="EffectiveProfile"/> and
/// <see cref="EffectiveTier"/> Felix works with (libcalico-go syncersv1/updateprocessors:
/// networkpolicyprocessor.go, globalnetworkpolicyprocessor.go, profileprocessor.go, tierprocessor.go).
/// </summary>
public static class EffectivePolicyConverter
{
    /// <summary>A Calico NetworkPolicy: selector scoped to its namespace, rules scoped to it too.</summary>
    /// <exception cref="ArgumentException">The policy has no namespace.</exception>
    /// <exception cref="SelectorParseException">A selector does not parse.</exception>
    public static EffectivePolicy FromNetworkPolicy(NetworkPolicy policy) => FromNamespaced(policy, PolicyKind.NetworkPolicy);

    /// <summary>A Kubernetes NetworkPolicy, via <see cref="KubeNetworkPolicyConverter"/> (name <c>knp.default.&lt;name&gt;</c>, order 1000).</summary>
    public static EffectivePolicy FromKubernetesNetworkPolicy(KubeNetworkPolicy policy) =>
        FromNamespaced(KubeNetworkPolicyConverter.Convert(policy), PolicyKind.KubernetesNetworkPolicy);

    /// <summary>A GlobalNetworkPolicy: namespaceSelector and serviceAccountSelector folded into the selector.</summary>
    /// <exception cref="SelectorParseException">A selector does not parse.</exception>
    public static EffectivePolicy FromGlobalNetworkPolicy(GlobalNetworkPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var spec = policy.Spec;
        return new EffectivePolicy
        {
            Id = PolicyId.Global(policy.Name),
            Tier = TierOf(spec.Tier),
            Order = spec.Order,
            Selector = Selector.Parse(SelectorScoping.ForGlobalPolicy(spec.Selector, spec.NamespaceSelector, spec.ServiceAccountSelector)),
            Types = [.. ResourceDefaulter.DefaultTypes(spec.Types, spec.Ingress, spec.Egress)],
            Ingress = EffectiveRuleConverter.ConvertAll(spec.Ingress, null),
            Egress = EffectiveRuleConverter.ConvertAll(spec.Egress, null),
            DoNotTrack = spec.DoNotTrack == true,
            PreDnat = spec.PreDnat == true,
            ApplyOnForward = spec.ApplyOnForward == true,
        };
    }

    /// <summary>A Profile: rules are not scoped to any namespace.</summary>
    public static EffectiveProfile FromProfile(Profile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in profile.Spec.LabelsToApply ?? [])
        {
            labels[key] = value;
        }

        return new EffectiveProfile
        {
            Name = profile.Name,
            Ingress = EffectiveRuleConverter.ConvertAll(profile.Spec.Ingress, null),
            Egress = EffectiveRuleConverter.ConvertAll(profile.Spec.Egress, null),
            LabelsToApply = labels,
        };
    }

    /// <summary>A Tier: the default action is Deny unless it says Pass.</summary>
    public static EffectiveTier FromTier(Tier tier)
    {
        ArgumentNullException.ThrowIfNull(tier);
        return new EffectiveTier(tier.Name, tier.Spec.Order, tier.Spec.DefaultAction ?? TierDefaultAction.Deny);
    }

    private static EffectivePolicy FromNamespaced(NetworkPolicy policy, PolicyKind kind)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var ns = policy.Namespace;
        if (string.IsNullOrEmpty(ns))
        {
            throw new ArgumentException($"NetworkPolicy \"{policy.Name}\" has no namespace", nameof(policy));
        }

        var spec = policy.Spec;
        return new EffectivePolicy
        {
            Id = new PolicyId(kind, ns, policy.Name),
            Tier = TierOf(spec.Tier),
            Order = spec.Order,
            Selector = Selector.Parse(SelectorScoping.ForNamespacedPolicy(spec.Selector, ns, spec.ServiceAccountSelector)),
            Types = [.. ResourceDefaulter.DefaultTypes(spec.Types, spec.Ingress, spec.Egress)],
            Ingress = EffectiveRuleConverter.ConvertAll(spec.Ingress, ns),
            Egress = EffectiveRuleConverter.ConvertAll(spec.Egress, ns),
            ApplyOnForward = true,
        };
    }

    private static string TierOf(string? tier) => string.IsNullOrEmpty(tier) ? BuiltInTiers.Default : tier;
}
