using System.Net.Sockets;
using Calico.Api.Resources;
using Calico.Api.Values;
using Calico.Core;

namespace Calico.Api.Defaults;

/// <summary>Fills in the defaults Calico applies on write, so stored resources and `get -o yaml` show them.</summary>
public static class ResourceDefaulter
{
    public static void Apply(Resource resource)
    {
        var kind = ResourceKinds.Of(resource);
        resource.ApiVersion ??= kind.ApiVersion;
        resource.Kind ??= kind.Kind;
        switch (resource)
        {
            case IPPool pool:
                DefaultPool(pool.Spec);
                break;
            case NetworkPolicy policy:
                policy.Spec.Tier = string.IsNullOrEmpty(policy.Spec.Tier) ? BuiltInTiers.Default : policy.Spec.Tier;
                policy.Spec.Types = DefaultTypes(policy.Spec.Types, policy.Spec.Ingress, policy.Spec.Egress);
                SetLabel(policy, WellKnownLabels.Tier, policy.Spec.Tier);
                break;
            case GlobalNetworkPolicy policy:
                policy.Spec.Tier = string.IsNullOrEmpty(policy.Spec.Tier) ? BuiltInTiers.Default : policy.Spec.Tier;
                policy.Spec.Types = DefaultTypes(policy.Spec.Types, policy.Spec.Ingress, policy.Spec.Egress);
                SetLabel(policy, WellKnownLabels.Tier, policy.Spec.Tier);
                break;
            case Tier tier:
                tier.Spec.DefaultAction ??= TierDefaultAction.Deny;
                break;
            case IPAMConfiguration ipam:
                ipam.Spec.StrictAffinity ??= false;
                ipam.Spec.MaxBlocksPerHost ??= 0;
                ipam.Spec.AutoAllocateBlocks ??= true;
                break;
            case WorkloadEndpoint endpoint:
                if (!string.IsNullOrEmpty(endpoint.Namespace))
                {
                    SetLabel(endpoint, WellKnownLabels.Namespace, endpoint.Namespace);
                }

                endpoint.Spec.Orchestrator ??= WellKnownLabels.KubernetesOrchestrator;
                SetLabel(endpoint, WellKnownLabels.Orchestrator, endpoint.Spec.Orchestrator);
                if (!string.IsNullOrEmpty(endpoint.Spec.ServiceAccountName))
                {
                    SetLabel(endpoint, WellKnownLabels.ServiceAccount, endpoint.Spec.ServiceAccountName);
                }

                break;
        }
    }

    /// <summary>Types from the rules when none are given: [Egress] with only egress rules, both with both, else [Ingress].</summary>
    public static List<PolicyType> DefaultTypes(List<PolicyType>? types, List<Rule>? ingress, List<Rule>? egress)
    {
        if (types is { Count: > 0 })
        {
            return types;
        }

        var hasIngress = ingress is { Count: > 0 };
        var hasEgress = egress is { Count: > 0 };
        return hasEgress && !hasIngress ? [PolicyType.Egress]
            : hasEgress ? [PolicyType.Ingress, PolicyType.Egress]
            : [PolicyType.Ingress];
    }

    private static void DefaultPool(IPPoolSpec spec)
    {
        var isV6 = Cidr.TryParseLenient(spec.Cidr, out var cidr) && cidr.Family == AddressFamily.InterNetworkV6;
        spec.BlockSize ??= isV6 ? 122 : 26;
        spec.NodeSelector = string.IsNullOrWhiteSpace(spec.NodeSelector) ? "all()" : spec.NodeSelector;
        spec.VxlanMode ??= EncapMode.Never;
        spec.IpipMode ??= EncapMode.Never;
        spec.AllowedUses = spec.AllowedUses is { Count: > 0 } ? spec.AllowedUses : [IPPoolAllowedUse.Workload, IPPoolAllowedUse.Tunnel];
        spec.AssignmentMode ??= AssignmentMode.Automatic;

        // Calico serialises these with omitempty: false and absent are the same value.
        spec.NatOutgoing = spec.NatOutgoing == true ? true : null;
        spec.Disabled = spec.Disabled == true ? true : null;
        spec.DisableBgpExport = spec.DisableBgpExport == true ? true : null;
    }

    private static void SetLabel(Resource resource, string key, string value)
    {
        resource.Metadata.Labels ??= new SortedDictionary<string, string>(StringComparer.Ordinal);
        resource.Metadata.Labels[key] = value;
    }
}
