using Calico.Api.Values;
using Calico.Policy.Ids;

namespace Calico.Policy.Resolution;

/// <summary>The tiers and policies that apply to one endpoint, in one direction, at one stage, in evaluation order.</summary>
/// <param name="Endpoint">The endpoint.</param>
/// <param name="Direction">Ingress (traffic to the endpoint) or Egress (traffic from it).</param>
/// <param name="Stage">The stage.</param>
/// <param name="Tiers">The tiers with at least one applicable policy, in order.</param>
public sealed record EndpointPolicies(EndpointId Endpoint, PolicyType Direction, PolicyStage Stage, IReadOnlyList<ResolvedTier> Tiers)
{
    /// <summary>True when some policy applies (else the endpoint falls through to its profiles).</summary>
    public bool HasPolicies => Tiers.Count > 0;
}
