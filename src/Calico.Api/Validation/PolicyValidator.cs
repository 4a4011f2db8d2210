using Calico.Api.Resources;
using Calico.Api.Values;

namespace Calico.Api.Validation;

/// <summary>Checks NetworkPolicy, GlobalNetworkPolicy, Tier and Profile.</summary>
public static class PolicyValidator
{
    public static void CheckNetworkPolicy(ValidationErrors errors, NetworkPolicy policy)
    {
        CheckPolicyName(errors, policy.Name, policy.Spec.Tier, isGlobal: false);
        var s = policy.Spec;
        CheckCommon(errors, s.Tier, s.Order, s.Selector, s.Types, s.Ingress, s.Egress, s.ServiceAccountSelector);
    }

    public static void CheckGlobalNetworkPolicy(ValidationErrors errors, GlobalNetworkPolicy policy)
    {
        CheckPolicyName(errors, policy.Name, policy.Spec.Tier, isGlobal: true);
        var s = policy.Spec;
        CheckCommon(errors, s.Tier, s.Order, s.Selector, s.Types, s.Ingress, s.Egress, s.ServiceAccountSelector);
        SelectorRules.Check(errors, "spec.namespaceSelector", s.NamespaceSelector, allowGlobal: false);
        if (s.DoNotTrack == true && s.PreDnat == true)
        {
            errors.Add("spec.preDNAT", "preDNAT and doNotTrack cannot both be true");
        }

        if (s.DoNotTrack == true && s.ApplyOnForward != true)
        {
            errors.Add("spec.applyOnForward", "must be true when doNotTrack is true");
        }

        if (s.PreDnat == true)
        {
            if (s.ApplyOnForward != true)
            {
                errors.Add("spec.applyOnForward", "must be true when preDNAT is true");
            }

            if (s.Egress is { Count: > 0 } || s.Types?.Contains(PolicyType.Egress) == true)
            {
                errors.Add("spec.egress", "preDNAT policies apply to ingress only: remove egress rules and the Egress type");
            }
        }
    }

    public static void CheckTier(ValidationErrors errors, Tier tier)
    {
        if (NameRules.CheckLabelName(tier.Name) is { } problem)
        {
            errors.Add("metadata.name", problem.Replace("no dots", "tier names have no dots", StringComparison.Ordinal));
        }

        if (tier.Spec.Order is { } order && double.IsNaN(order))
        {
            errors.Add("spec.order", "must be a number");
        }
    }

    public static void CheckProfile(ValidationErrors errors, Profile profile)
    {
        if (NameRules.CheckSubdomain(profile.Name) is { } problem)
        {
            errors.Add("metadata.name", problem);
        }

        RuleValidator.CheckRules(errors, "spec.ingress", profile.Spec.Ingress, PolicyType.Ingress);
        RuleValidator.CheckRules(errors, "spec.egress", profile.Spec.Egress, PolicyType.Egress);
        foreach (var (key, value) in profile.Spec.LabelsToApply ?? [])
        {
            if ((NameRules.CheckLabelKey(key) ?? NameRules.CheckLabelValue(key, value)) is { } labelProblem)
            {
                errors.Add($"spec.labelsToApply.{key}", labelProblem);
            }
        }
    }

    private static void CheckPolicyName(ValidationErrors errors, string name, string? tier, bool isGlobal)
    {
        if (NameRules.CheckSubdomain(name) is { } problem)
        {
            errors.Add("metadata.name", problem);
            return;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (isGlobal && name.StartsWith("knp.default.", StringComparison.Ordinal))
        {
            errors.Add("metadata.name", $"\"{name}\": the prefix knp.default. is reserved for converted Kubernetes network policies");
            return;
        }

        if (dot >= 0 && name.IndexOf('.', dot + 1) >= 0 && !name.StartsWith("knp.default.", StringComparison.Ordinal))
        {
            errors.Add("metadata.name", $"\"{name}\" has more than one dot (only a \"<tier>.\" prefix is allowed)");
            return;
        }

        if (dot >= 0 && !name.StartsWith("knp.default.", StringComparison.Ordinal) && !string.Equals(name[..dot], tier ?? "default", StringComparison.Ordinal))
        {
            errors.Add("metadata.name", $"\"{name}\" has the prefix \"{name[..dot]}.\" but the policy is in tier \"{tier ?? "default"}\"");
        }
    }

    private static void CheckCommon(ValidationErrors errors, string? tier, double? order, string? selector, List<PolicyType>? types,
        List<Rule>? ingress, List<Rule>? egress, string? serviceAccountSelector)
    {
        if (tier is not null && NameRules.CheckLabelName(tier) is { } tierProblem)
        {
            errors.Add("spec.tier", tierProblem);
        }

        if (order is { } o && (double.IsNaN(o) || double.IsInfinity(o)))
        {
            errors.Add("spec.order", "must be a finite number");
        }

        SelectorRules.Check(errors, "spec.selector", selector, allowGlobal: false);
        SelectorRules.Check(errors, "spec.serviceAccountSelector", serviceAccountSelector, allowGlobal: false);
        if (types is not null)
        {
            if (types.Distinct().Count() != types.Count)
            {
                errors.Add("spec.types", "lists a type twice");
            }

            if (ingress is { Count: > 0 } && !types.Contains(PolicyType.Ingress) && types.Count > 0)
            {
                errors.Add("spec.ingress", "has rules but spec.types does not include Ingress");
            }

            if (egress is { Count: > 0 } && !types.Contains(PolicyType.Egress) && types.Count > 0)
            {
                errors.Add("spec.egress", "has rules but spec.types does not include Egress");
            }
        }

        RuleValidator.CheckRules(errors, "spec.ingress", ingress, PolicyType.Ingress);
        RuleValidator.CheckRules(errors, "spec.egress", egress, PolicyType.Egress);
    }
}
