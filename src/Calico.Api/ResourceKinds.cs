using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Api.Serialization;

namespace Calico.Api;

/// <summary>The immutable registry of every kind, built once.</summary>
public static class ResourceKinds
{
    public const string CalicoApiVersion = "projectcalico.org/v3";

    public static ResourceKind IPPool { get; } = new("IPPool", CalicoApiVersion, "IPPool", false, typeof(IPPool), () => CalicoJsonContext.Default.IPPool, () => new IPPool(), "ippool", "ippools", "ipp", "pool", "pools");

    public static ResourceKind NetworkPolicy { get; } = new("NetworkPolicy", CalicoApiVersion, "NetworkPolicy", true, typeof(NetworkPolicy), () => CalicoJsonContext.Default.NetworkPolicy, () => new NetworkPolicy(), "networkpolicy", "networkpolicies", "np", "policy", "policies", "pol", "pols");

    public static ResourceKind GlobalNetworkPolicy { get; } = new("GlobalNetworkPolicy", CalicoApiVersion, "GlobalNetworkPolicy", false, typeof(GlobalNetworkPolicy), () => CalicoJsonContext.Default.GlobalNetworkPolicy, () => new GlobalNetworkPolicy(), "globalnetworkpolicy", "globalnetworkpolicies", "gnp", "gnps", "globalpolicy", "globalpolicies");

    public static ResourceKind Tier { get; } = new("Tier", CalicoApiVersion, "Tier", false, typeof(Tier), () => CalicoJsonContext.Default.Tier, () => new Tier(), "tier", "tiers");

    public static ResourceKind NetworkSet { get; } = new("NetworkSet", CalicoApiVersion, "NetworkSet", true, typeof(NetworkSet), () => CalicoJsonContext.Default.NetworkSet, () => new NetworkSet(), "networkset", "networksets", "netsets", "netset");

    public static ResourceKind GlobalNetworkSet { get; } = new("GlobalNetworkSet", CalicoApiVersion, "GlobalNetworkSet", false, typeof(GlobalNetworkSet), () => CalicoJsonContext.Default.GlobalNetworkSet, () => new GlobalNetworkSet(), "globalnetworkset", "globalnetworksets", "gnetsets", "gnetset");

    public static ResourceKind HostEndpoint { get; } = new("HostEndpoint", CalicoApiVersion, "HostEndpoint", false, typeof(HostEndpoint), () => CalicoJsonContext.Default.HostEndpoint, () => new HostEndpoint(), "hostendpoint", "hostendpoints", "hep", "heps");

    public static ResourceKind WorkloadEndpoint { get; } = new("WorkloadEndpoint", CalicoApiVersion, "WorkloadEndpoint", true, typeof(WorkloadEndpoint), () => CalicoJsonContext.Default.WorkloadEndpoint, () => new WorkloadEndpoint(), "workloadendpoint", "workloadendpoints", "wep", "weps");

    public static ResourceKind Node { get; } = new("Node", CalicoApiVersion, "Node", false, typeof(Node), () => CalicoJsonContext.Default.Node, () => new Node(), "node", "nodes", "no");

    public static ResourceKind Profile { get; } = new("Profile", CalicoApiVersion, "Profile", false, typeof(Profile), () => CalicoJsonContext.Default.Profile, () => new Profile(), "profile", "profiles", "pro", "pros");

    public static ResourceKind BGPPeer { get; } = new("BGPPeer", CalicoApiVersion, "BGPPeer", false, typeof(BGPPeer), () => CalicoJsonContext.Default.BGPPeer, () => new BGPPeer(), "bgppeer", "bgppeers", "bgpp", "bgpps", "bp", "bps");

    public static ResourceKind BGPConfiguration { get; } = new("BGPConfiguration", CalicoApiVersion, "BGPConfiguration", false, typeof(BGPConfiguration), () => CalicoJsonContext.Default.BGPConfiguration, () => new BGPConfiguration(), "bgpconfiguration", "bgpconfigurations", "bgpconfig", "bgpconfigs");

    public static ResourceKind FelixConfiguration { get; } = new("FelixConfiguration", CalicoApiVersion, "FelixConfiguration", false, typeof(FelixConfiguration), () => CalicoJsonContext.Default.FelixConfiguration, () => new FelixConfiguration(), "felixconfiguration", "felixconfigurations", "felixconfig", "felixconfigs");

    public static ResourceKind ClusterInformation { get; } = new("ClusterInformation", CalicoApiVersion, "ClusterInformation", false, typeof(ClusterInformation), () => CalicoJsonContext.Default.ClusterInformation, () => new ClusterInformation(), "clusterinformation", "clusterinformations", "clusterinfo", "clusterinfos");

    public static ResourceKind KubeControllersConfiguration { get; } = new("KubeControllersConfiguration", CalicoApiVersion, "KubeControllersConfiguration", false, typeof(KubeControllersConfiguration), () => CalicoJsonContext.Default.KubeControllersConfiguration, () => new KubeControllersConfiguration(), "kubecontrollersconfiguration", "kubecontrollersconfigurations", "kcc");

    public static ResourceKind IPAMBlock { get; } = new("IPAMBlock", CalicoApiVersion, "IPAMBlock", false, typeof(IPAMBlock), () => CalicoJsonContext.Default.IPAMBlock, () => new IPAMBlock(), "ipamblock", "ipamblocks");

    public static ResourceKind BlockAffinity { get; } = new("BlockAffinity", CalicoApiVersion, "BlockAffinity", false, typeof(BlockAffinity), () => CalicoJsonContext.Default.BlockAffinity, () => new BlockAffinity(), "blockaffinity", "blockaffinities", "blockaff", "blockaffs");

    public static ResourceKind IPAMHandle { get; } = new("IPAMHandle", CalicoApiVersion, "IPAMHandle", false, typeof(IPAMHandle), () => CalicoJsonContext.Default.IPAMHandle, () => new IPAMHandle(), "ipamhandle", "ipamhandles");

    public static ResourceKind IPAMConfiguration { get; } = new("IPAMConfiguration", CalicoApiVersion, "IPAMConfiguration", false, typeof(IPAMConfiguration), () => CalicoJsonContext.Default.IPAMConfiguration, () => new IPAMConfiguration(), "ipamconfiguration", "ipamconfigurations", "ipamconfig", "ipamconfigs");

    public static ResourceKind KubeNamespace { get; } = new("Namespace", "v1", "Namespace", false, typeof(KubeNamespace), () => CalicoJsonContext.Default.KubeNamespace, () => new KubeNamespace(), "namespace", "namespaces", "ns");

    public static ResourceKind KubePod { get; } = new("Pod", "v1", "Pod", true, typeof(KubePod), () => CalicoJsonContext.Default.KubePod, () => new KubePod(), "pod", "pods", "po");

    public static ResourceKind KubeServiceAccount { get; } = new("ServiceAccount", "v1", "ServiceAccount", true, typeof(KubeServiceAccount), () => CalicoJsonContext.Default.KubeServiceAccount, () => new KubeServiceAccount(), "serviceaccount", "serviceaccounts", "sa");

    public static ResourceKind KubeNetworkPolicy { get; } = new("NetworkPolicy", "networking.k8s.io/v1", "KubernetesNetworkPolicy", true, typeof(KubeNetworkPolicy), () => CalicoJsonContext.Default.KubeNetworkPolicy, () => new KubeNetworkPolicy(), "kubernetesnetworkpolicy", "kubernetesnetworkpolicies", "knp", "knps");

    public static IReadOnlyList<ResourceKind> All { get; } =
    [
        IPPool, NetworkPolicy, GlobalNetworkPolicy, Tier, NetworkSet, GlobalNetworkSet, HostEndpoint, WorkloadEndpoint, Node, Profile,
        BGPPeer, BGPConfiguration, FelixConfiguration, ClusterInformation, KubeControllersConfiguration, IPAMBlock, BlockAffinity,
        IPAMHandle, IPAMConfiguration, KubeNamespace, KubePod, KubeServiceAccount, KubeNetworkPolicy,
    ];

    // Plain dictionaries: built at every process start (the CNI plugin lives ~15 ms), where frozen ones cost more to build than they save.
    private static readonly Dictionary<string, ResourceKind> ByName =
        All.SelectMany(k => k.Names.Select(n => (n, k))).ToDictionary(p => p.n, p => p.k, StringComparer.Ordinal);

    private static readonly Dictionary<(string ApiVersion, string Kind), ResourceKind> ByApiKind =
        All.ToDictionary(k => (k.ApiVersion, k.Kind));

    private static readonly Dictionary<Type, ResourceKind> ByType = All.ToDictionary(k => k.ClrType);

    private static readonly Dictionary<string, ResourceKind> ByStoreKind = All.ToDictionary(k => k.StoreKind, StringComparer.Ordinal);

    /// <summary>Finds a kind from what a user typed on the command line (case-insensitive, aliases allowed).</summary>
    public static ResourceKind? FindByName(string name) =>
        ByName.TryGetValue(name.ToLowerInvariant(), out var kind) ? kind : null;

    public static ResourceKind? Find(string apiVersion, string kind) =>
        ByApiKind.TryGetValue((apiVersion, kind), out var found) ? found : null;

    public static ResourceKind? FindByStoreKind(string storeKind) =>
        ByStoreKind.TryGetValue(storeKind, out var kind) ? kind : null;

    public static ResourceKind Of(Resource resource) => ByType[resource.GetType()];

    /// <summary>Kinds whose name matches regardless of apiVersion (for a helpful "did you mean apiVersion …" message).</summary>
    public static IEnumerable<ResourceKind> WithKindName(string kind) =>
        All.Where(k => string.Equals(k.Kind, kind, StringComparison.Ordinal));
}
