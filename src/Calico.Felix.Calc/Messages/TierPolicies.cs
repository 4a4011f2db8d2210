using Calico.Api.Values;
using Calico.Policy.Ids;

namespace Calico.Felix.Calc.Messages;

/// <summary>
/// One tier's policies for an endpoint, in Felix's order, per direction. A tier appears only if at least one of its
/// policies applies to the endpoint; a direction with no policy in this tier is skipped by the endpoint's chain.
/// </summary>
public sealed record TierPolicies(string Name, TierDefaultAction DefaultAction, IReadOnlyList<PolicyId> Ingress, IReadOnlyList<PolicyId> Egress)
{
    public IReadOnlyList<PolicyId> For(PolicyType direction) => direction == PolicyType.Ingress ? Ingress : Egress;

    public override string ToString() => $"{Name} (default {DefaultAction}) in [{string.Join(", ", Ingress)}] out [{string.Join(", ", Egress)}]";
}
