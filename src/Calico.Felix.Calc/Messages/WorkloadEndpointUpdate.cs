using Calico.Core;
using Calico.Policy.Ids;

namespace Calico.Felix.Calc.Messages;

/// <summary>
/// A workload endpoint on this node, added or changed: its host-side interface, its addresses, the tiers of
/// policies that apply to it (in order), its profiles (in order) and any problems that make a direction fail closed.
/// Every policy and profile it names has been sent (as active) before it.
/// </summary>
public sealed record WorkloadEndpointUpdate(
    EndpointId Id,
    string InterfaceName,
    IReadOnlyList<Cidr> Networks,
    IReadOnlyList<TierPolicies> Tiers,
    IReadOnlyList<string> Profiles,
    IReadOnlyList<EndpointProblem> Problems) : DataplaneMessage;
