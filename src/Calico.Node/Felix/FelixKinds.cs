using Calico.Api;

namespace Calico.Node.Felix;

/// <summary>The resource kinds Felix follows (Felix's syncer: policy, endpoints, network sets, pools, configuration, and the nodes and IPAM blocks the VXLAN overlay routes to).</summary>
internal static class FelixKinds
{
    public static IReadOnlyList<ResourceKind> All => Typha.SyncerKinds.Felix;
}
