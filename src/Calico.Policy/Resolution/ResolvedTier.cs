using Calico.Api.Values;
using Calico.Policy.Effective;

namespace Calico.Policy.Resolution;

/// <summary>
/// One tier as it applies to an endpoint in one direction: the policies that select the endpoint and
/// govern the direction, in evaluation order, and what happens when none of them decides.
/// </summary>
/// <param name="Tier">The tier.</param>
/// <param name="DefaultAction">The tier's default action (always Pass in the untracked and pre-DNAT stages).</param>
/// <param name="Policies">The applicable policies, in order (never empty).</param>
public sealed record ResolvedTier(EffectiveTier Tier, TierDefaultAction DefaultAction, IReadOnlyList<EffectivePolicy> Policies);
