using Calico.Api.Values;
using Calico.Felix.Calc.Messages;
using Calico.Policy.Effective;
using Calico.Policy.Ids;
using Calico.Policy.Resolution;

namespace Calico.Felix.Calc.Graph;

/// <summary>
/// Orders the policies that select a local endpoint into tiers (Felix's PolicyResolver and PolicySorter): tiers by
/// order then name, policies by order then <c>name/namespace/kind</c> (<see cref="PolicyOrdering"/>), one list per
/// direction, per stage. A selecting policy whose tier does not exist makes the directions it governs fail closed.
/// </summary>
internal sealed class EndpointTierResolver(Func<PolicyId, EffectivePolicy?> findPolicy, Func<string, EffectiveTier?> findTier)
{
    private static readonly PolicyType[] s_directions = [PolicyType.Ingress, PolicyType.Egress];

    public IReadOnlyList<TierPolicies> Resolve(LocalEndpoint endpoint, PolicyStage stage, List<EndpointProblem>? problems)
    {
        var byTier = new Dictionary<string, (EffectiveTier Tier, List<EffectivePolicy> Policies)>(StringComparer.Ordinal);
        foreach (var id in endpoint.Policies)
        {
            var policy = findPolicy(id);
            if (policy is null || !stage.Includes(policy))
            {
                continue;
            }

            var tier = findTier(policy.Tier);
            if (tier is null)
            {
                if (problems is not null)
                {
                    foreach (var direction in s_directions)
                    {
                        if (policy.Governs(direction))
                        {
                            problems.Add(new EndpointProblem(direction, $"policy {id} is in tier \"{policy.Tier}\", which does not exist"));
                        }
                    }
                }

                continue;
            }

            if (!byTier.TryGetValue(tier.Name, out var group))
            {
                group = (tier, []);
                byTier.Add(tier.Name, group);
            }

            group.Policies.Add(policy);
        }

        var tiers = byTier.Values.ToList();
        tiers.Sort((x, y) => PolicyOrdering.CompareTiers(x.Tier, y.Tier));
        var result = new List<TierPolicies>(tiers.Count);
        foreach (var (tier, policies) in tiers)
        {
            policies.Sort(PolicyOrdering.ComparePolicies);
            var ingress = Governing(policies, PolicyType.Ingress);
            var egress = stage == PolicyStage.PreDnat ? [] : Governing(policies, PolicyType.Egress);
            if (ingress.Length == 0 && egress.Length == 0)
            {
                continue;
            }

            var defaultAction = stage is PolicyStage.Untracked or PolicyStage.PreDnat ? TierDefaultAction.Pass : tier.DefaultAction;
            result.Add(new TierPolicies(tier.Name, defaultAction, ingress, egress));
        }

        problems?.Sort((x, y) => string.CompareOrdinal(x.ToString(), y.ToString()));
        return result;
    }

    private static PolicyId[] Governing(List<EffectivePolicy> policies, PolicyType direction)
    {
        var ids = new List<PolicyId>();
        foreach (var policy in policies)
        {
            if (policy.Governs(direction))
            {
                ids.Add(policy.Id);
            }
        }

        return [.. ids];
    }
}
