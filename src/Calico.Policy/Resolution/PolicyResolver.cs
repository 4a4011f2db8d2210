using Calico.Api.Values;
using Calico.Policy.Effective;
using Calico.Policy.Ids;
using Calico.Policy.Snapshot;

namespace Calico.Policy.Resolution;

/// <summary>Resolves policies against a <see cref="PolicySnapshot"/>; immutable and safe to share.</summary>
internal sealed class PolicyResolver(PolicySnapshot snapshot) : IPolicyResolver
{
    public EndpointPolicies Resolve(EndpointId endpoint, PolicyType direction, PolicyStage stage = PolicyStage.Normal)
    {
        var model = snapshot.Endpoint(endpoint);
        var tiers = new List<ResolvedTier>();
        if (!StageApplies(model, direction, stage))
        {
            return new EndpointPolicies(endpoint, direction, stage, tiers);
        }

        // Policies are sorted by tier and then within the tier, so one pass groups them.
        EffectiveTier? current = null;
        List<EffectivePolicy>? policies = null;
        foreach (var policy in snapshot.Policies)
        {
            if (!stage.Includes(policy) || !policy.Governs(direction) || !policy.Selector.Matches(model.Labels))
            {
                continue;
            }

            if (current is null || !string.Equals(current.Name, policy.Tier, StringComparison.Ordinal))
            {
                Flush();
                current = snapshot.FindTier(policy.Tier)!;
                policies = [];
            }

            policies!.Add(policy);
        }

        Flush();
        return new EndpointPolicies(endpoint, direction, stage, tiers);

        void Flush()
        {
            if (current is not null && policies is { Count: > 0 })
            {
                var defaultAction = stage is PolicyStage.Untracked or PolicyStage.PreDnat ? TierDefaultAction.Pass : current.DefaultAction;
                tiers.Add(new ResolvedTier(current, defaultAction, policies));
            }
        }
    }

    public IReadOnlyList<EndpointId> SelectedEndpoints(PolicyId policy)
    {
        var effective = snapshot.FindPolicy(policy);
        if (effective is null)
        {
            return [];
        }

        var result = new List<EndpointId>();
        foreach (var endpoint in snapshot.Endpoints)
        {
            if (effective.Selector.Matches(endpoint.Labels))
            {
                result.Add(endpoint.Id);
            }
        }

        return result;
    }

    private static bool StageApplies(ModelEndpoint endpoint, PolicyType direction, PolicyStage stage) => stage switch
    {
        PolicyStage.Normal => true,
        PolicyStage.PreDnat => endpoint.Id.Kind == EndpointKind.Host && direction == PolicyType.Ingress,
        _ => endpoint.Id.Kind == EndpointKind.Host,
    };
}
