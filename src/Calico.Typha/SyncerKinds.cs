using Calico.Api;

namespace Calico.Typha;

/// <summary>The resource kinds each <see cref="SyncerType"/> follows, and the names the wire protocol uses for them.</summary>
public static class SyncerKinds
{
    /// <summary>Felix's syncer: policy, endpoints, network sets, pools, configuration, and the nodes and IPAM blocks the VXLAN overlay routes to.</summary>
    public static IReadOnlyList<ResourceKind> Felix { get; } =
    [
        ResourceKinds.IPPool, ResourceKinds.Tier, ResourceKinds.NetworkPolicy, ResourceKinds.GlobalNetworkPolicy, ResourceKinds.KubeNetworkPolicy,
        ResourceKinds.Profile, ResourceKinds.KubeNamespace, ResourceKinds.KubeServiceAccount, ResourceKinds.NetworkSet, ResourceKinds.GlobalNetworkSet,
        ResourceKinds.WorkloadEndpoint, ResourceKinds.HostEndpoint, ResourceKinds.Node, ResourceKinds.IPAMBlock, ResourceKinds.FelixConfiguration,
    ];

    /// <summary>The BGP syncer (Calico's confd): nodes, peers, BGP configuration, pools and IPAM blocks.</summary>
    public static IReadOnlyList<ResourceKind> Bgp { get; } = [ResourceKinds.Node, ResourceKinds.BGPPeer, ResourceKinds.BGPConfiguration, ResourceKinds.IPPool, ResourceKinds.IPAMBlock];

    /// <summary>Every syncer type.</summary>
    public static IReadOnlyList<SyncerType> All { get; } = [SyncerType.Felix, SyncerType.Bgp];

    public static IReadOnlyList<ResourceKind> For(SyncerType type) => type switch
    {
        SyncerType.Felix => Felix,
        SyncerType.Bgp => Bgp,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown syncer type"),
    };

    /// <summary>The name on the wire and in metrics: felix, bgp.</summary>
    public static string Name(SyncerType type) => type switch
    {
        SyncerType.Felix => "felix",
        SyncerType.Bgp => "bgp",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown syncer type"),
    };

    public static bool TryParse(string name, out SyncerType type)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), name, StringComparison.Ordinal))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
