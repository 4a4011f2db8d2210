using static Calico.Felix.Calc.Tests.Support.States;

namespace Calico.Felix.Calc.Tests.Support;

/// <summary>Sequences of states the graph is taken through; each is run under every <see cref="Expander"/>.</summary>
internal static class StateSequences
{
    private static readonly ClusterState Policed = Cluster.With("cluster with kubernetes and global policy", [.. KubePolicies, .. GlobalPolicies]);

    private static readonly ClusterState WithTiers = Cluster.With("tiers", Tiers());

    private static readonly ClusterState WithNetworkSets = Cluster.With("network sets", [.. NetworkSets(), .. NetworkSetPolicies]);

    private static readonly ClusterState WithProfiles = Cluster.With("profile with labelsToApply", Profiles());

    private static readonly ClusterState WithHosts = ClusterState.Empty.With("host endpoints", Hosts());

    public static IReadOnlyList<(string Name, IReadOnlyList<ClusterState> States)> All { get; } =
    [
        ("empty", [ClusterState.Empty]),
        ("kubernetes-policy", [Cluster, Cluster.With("kubernetes policy", KubePolicies), Policed]),
        ("tiers",
        [
            WithTiers,
            WithTiers.With("tiers reordered, defaults swapped, order changed", Tiers(securityOrder: 2_000_000, securityDefault: "Deny", platformDefault: "Pass", webOrder: 1)),
            WithTiers.With("policies in a missing tier", GhostPolicies),
            WithTiers.With("the missing tier created", [.. GhostPolicies, .. GhostTier]),
        ]),
        ("network-sets",
        [
            WithNetworkSets,
            WithNetworkSets.With("network set nets and labels changed", NetworkSets(xNets: "[192.168.6.0/24, 10.9.9.9/32, 10.1.0.2]", externalRole: "vendor")),
            Cluster.With("network sets gone, policies kept", NetworkSetPolicies),
        ]),
        ("labels",
        [
            Policed,
            Policed.With("pods relabelled", RelabelledPods),
            Policed.With("pods relabelled, namespaces relabelled", [.. RelabelledPods, .. Namespaces(xTeam: "red", zEnv: "prod")]),
        ]),
        ("node-moves", [Policed, Policed.With("pods moved between nodes", MovedPods), Policed.Named("pods moved back")]),
        ("profiles",
        [
            WithProfiles,
            WithProfiles.With("labelsToApply and rules changed", Profiles(labels: "{shared: 'no', extra: '1'}", ingressSelector: "extra == '1'")),
            WithProfiles.Without("profile deleted, still named", new ResourceKey("Profile", null, "shared")),
        ]),
        ("host-endpoints",
        [
            WithHosts,
            WithHosts.With("host endpoints with pods and policy", Policed),
            WithHosts.With("host relabelled, moved, forward policy changed", Hosts(eth0Labels: "{host: 'yes'}", otherNode: GraphHarness.Node, forwardTypes: "[Ingress]")),
        ]),
        ("everything",
        [
            Policed.With("everything", [.. Tiers(), .. GhostPolicies, .. NetworkSets(), .. NetworkSetPolicies, .. Profiles(), .. Hosts()]),
            Policed.With("everything changed",
            [
                .. Tiers(securityOrder: 2_000_000, securityDefault: "Deny", webOrder: 1), .. GhostPolicies, .. GhostTier,
                .. NetworkSets(externalRole: "vendor"), .. NetworkSetPolicies, .. Profiles(labels: "{shared: 'no'}"), .. Hosts(otherNode: GraphHarness.Node),
                .. RelabelledPods, .. MovedPods, .. Namespaces(xTeam: "red"),
            ]),
            Cluster,
        ]),
    ];

    public static IReadOnlyList<ClusterState> Named(string name) => All.Single(s => s.Name == name).States;
}
