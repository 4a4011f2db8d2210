using Calico.Api;

namespace Calico.Node.Felix;

/// <summary>The resource kinds Felix follows (Felix's syncer: policy, endpoints, network sets, pools, configuration, and the nodes and IPAM blocks the VXLAN overlay routes to).</summary>
internal static class FelixKinds
{
    public static IReadOnlyList<ResourceKind> All { get; } =
    [
        ResourceKinds.IPPool, ResourceKinds.Tier, ResourceKinds.NetworkPolicy, ResourceKinds.GlobalNetworkPolicy, ResourceKinds.KubeNetworkPolicy,
        ResourceKinds.Profile, ResourceKinds.KubeNamespace, ResourceKinds.KubeServiceAccount, ResourceKinds.NetworkSet, ResourceKinds.GlobalNetworkSet,
        ResourceKinds.WorkloadEndpoint, ResourceKinds.HostEndpoint, ResourceKinds.Node, ResourceKinds.IPAMBlock, ResourceKinds.FelixConfiguration,
    ];
}
