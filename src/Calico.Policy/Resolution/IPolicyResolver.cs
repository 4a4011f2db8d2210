using Calico.Api.Values;
using Calico.Policy.Ids;

namespace Calico.Policy.Resolution;

/// <summary>Works out which policies apply to an endpoint, tier by tier, in Felix's order (felix/calc/policy_resolver.go).</summary>
public interface IPolicyResolver
{
    /// <summary>
    /// The tiers and policies for <paramref name="endpoint"/> in <paramref name="direction"/> at
    /// <paramref name="stage"/>: policies whose selector matches the endpoint's labels and whose types
    /// contain the direction, grouped by tier (tiers with no such policy are left out).
    /// </summary>
    /// <exception cref="KeyNotFoundException">The endpoint is not in the snapshot.</exception>
    public EndpointPolicies Resolve(EndpointId endpoint, PolicyType direction, PolicyStage stage = PolicyStage.Normal);

    /// <summary>The endpoints a policy's selector matches (whatever its types), in snapshot order.</summary>
    public IReadOnlyList<EndpointId> SelectedEndpoints(PolicyId policy);
}
