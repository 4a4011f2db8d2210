using Calico.Api.Values;
using Calico.Policy.Effective;
using Calico.Policy.Ids;
using Calico.Policy.Snapshot;

namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>
/// The seed's gotcha 2 ("GlobalNetworkPolicy can affect traffic across namespaces; check it when namespace policies
/// look clean"). For every namespace with pods, the GlobalNetworkPolicies whose selector (namespaceSelector included)
/// selects some of its pods and that deny: a Deny rule, or a direction they govern with no rules at all (default
/// deny). Reported when the namespace has no policies of its own, or none of its policies has a Deny rule. Pure.
/// </summary>
internal static class GlobalPolicyShadowing
{
    /// <summary>The shadowing global policies in <paramref name="snapshot"/>, by namespace then policy order.</summary>
    public static IReadOnlyList<ShadowingGlobalPolicy> Find(PolicySnapshot snapshot)
    {
        var result = new List<ShadowingGlobalPolicy>();
        var namespaces = snapshot.Endpoints.Where(e => e.Id.Kind == EndpointKind.Workload && e.Id.Namespace is not null)
            .GroupBy(e => e.Id.Namespace!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var pods in namespaces)
        {
            var own = snapshot.Policies.Where(p => p.Id.Kind != PolicyKind.GlobalNetworkPolicy && string.Equals(p.Id.Namespace, pods.Key, StringComparison.Ordinal)).ToList();
            if (own.Any(p => p.Ingress.Concat(p.Egress).Any(r => r.Action == RuleAction.Deny)))
            {
                continue;
            }

            foreach (var policy in snapshot.Policies.Where(p => p.Id.Kind == PolicyKind.GlobalNetworkPolicy && !p.DoNotTrack && !p.PreDnat))
            {
                var selected = pods.Where(e => policy.Selector.Matches(e.Labels)).ToList();
                var reasons = Denials(policy);
                if (selected.Count > 0 && reasons.Count > 0)
                {
                    result.Add(new ShadowingGlobalPolicy(policy, pods.Key, selected, reasons, [.. own.Select(p => p.Id.ToString())]));
                }
            }
        }

        return result;
    }

    /// <summary>What in <paramref name="policy"/> denies: its Deny rules and the directions it governs with no rules.</summary>
    public static IReadOnlyList<string> Denials(EffectivePolicy policy)
    {
        var reasons = new List<string>();
        foreach (var direction in (PolicyType[])[PolicyType.Ingress, PolicyType.Egress])
        {
            if (!policy.Governs(direction))
            {
                continue;
            }

            var rules = policy.RulesFor(direction);
            if (rules.Count == 0)
            {
                reasons.Add($"governs {direction} with no rules: denies all {direction.ToString().ToLowerInvariant()} traffic");
            }

            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i].Action == RuleAction.Deny)
                {
                    reasons.Add($"{direction.ToString().ToLowerInvariant()} rule {i + 1}: {rules[i]}");
                }
            }
        }

        return reasons;
    }
}
