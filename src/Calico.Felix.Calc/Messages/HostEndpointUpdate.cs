using Calico.Core;
using Calico.Policy.Ids;

namespace Calico.Felix.Calc.Messages;

/// <summary>
/// A host endpoint on this node, added or changed. <see cref="InterfaceName"/> is the interface (<c>*</c> for all of
/// the host's interfaces). Tiers per stage, as Felix keeps them: normal policy, untracked (doNotTrack), pre-DNAT and
/// forward (applyOnForward) policy.
/// </summary>
public sealed record HostEndpointUpdate(
    EndpointId Id,
    string InterfaceName,
    IReadOnlyList<Cidr> ExpectedIps,
    IReadOnlyList<TierPolicies> Tiers,
    IReadOnlyList<TierPolicies> UntrackedTiers,
    IReadOnlyList<TierPolicies> PreDnatTiers,
    IReadOnlyList<TierPolicies> ForwardTiers,
    IReadOnlyList<string> Profiles,
    IReadOnlyList<EndpointProblem> Problems) : DataplaneMessage;
