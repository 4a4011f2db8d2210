using Calico.Api;
using Calico.Api.Resources;
using Calico.Policy.Evaluation;
using Calico.Policy.Ids;
using Calico.Policy.Snapshot;
using Calico.Policy.Tests.Support;

namespace Calico.Policy.Tests.Snapshot;

public class PolicySnapshotBuilderTests
{
    [Fact]
    public void Build_WorkloadLabels_OwnThenWellKnownThenProfilesFirstWins()
    {
        var snapshot = Build("""
            apiVersion: projectcalico.org/v3
            kind: Profile
            metadata:
              name: first
            spec:
              labelsToApply:
                team: first
                colour: red
            ---
            apiVersion: projectcalico.org/v3
            kind: Profile
            metadata:
              name: second
            spec:
              labelsToApply:
                team: second
                size: big
                app: from-profile
            ---
            apiVersion: projectcalico.org/v3
            kind: WorkloadEndpoint
            metadata:
              name: node1-k8s-web-eth0
              namespace: ns1
              labels:
                app: web
                pcns.sneaky: x
                pcsa.sneaky: y
                projectcalico.org/namespace: other
            spec:
              node: node1
              pod: web
              serviceAccountName: api
              ipNetworks: [10.0.0.1/32]
              profiles: [first, second, missing]
            """);

        var endpoint = snapshot.Workload("ns1", "web");

        Assert.Equal(EndpointId.Workload("ns1", "node1-k8s-web-eth0"), endpoint.Id);
        Assert.Equal("ns1/web", endpoint.DisplayName);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["app"] = "web",
                [WellKnownLabels.Namespace] = "ns1",
                [WellKnownLabels.Orchestrator] = "k8s",
                [WellKnownLabels.ServiceAccount] = "api",
                ["team"] = "first",
                ["colour"] = "red",
                ["size"] = "big",
            },
            endpoint.Labels.ToDictionary());
        Assert.Same(endpoint, snapshot.Workload("ns1", "node1-k8s-web-eth0"));
    }

    [Fact]
    public void Build_NamespacesAndServiceAccounts_BecomeProfilesWhoseLabelsPodsInherit()
    {
        var snapshot = PolicyModel.Create(KubeModel.Cluster()).Snapshot;

        var endpoint = snapshot.Workload("y", "b");

        Assert.Equal("y", endpoint.Labels["pcns.ns"]);
        Assert.Equal("y", endpoint.Labels["pcns.projectcalico.org/name"]);
        Assert.Equal("client", endpoint.Labels["pcsa.role"]);
        Assert.Equal("sa-b", endpoint.Labels["pcsa.projectcalico.org/name"]);
        Assert.Contains("kns.y", snapshot.Profiles.Keys);
        Assert.Contains("ksa.y.sa-b", snapshot.Profiles.Keys);
        Assert.Single(snapshot.Profiles["kns.y"].Ingress);
        Assert.Empty(snapshot.Profiles["ksa.y.sa-b"].Ingress);
    }

    [Fact]
    public void Build_NetworkSets_NamespacedOnesGetTheNamespaceLabelAndNamespaceProfileLabels()
    {
        var resources = KubeModel.Cluster();
        resources.AddRange(KubeModel.Yaml("""
            apiVersion: projectcalico.org/v3
            kind: NetworkSet
            metadata:
              name: partners
              namespace: x
              labels:
                role: partner
                projectcalico.org/namespace: spoofed
            spec:
              nets: [192.0.2.0/24, 198.51.100.7]
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkSet
            metadata:
              name: internet
              labels:
                scope: world
            spec:
              nets: [0.0.0.0/0]
            """));

        var sets = PolicyModel.Create(resources).Snapshot.NetworkSets;

        var partners = sets.Single(s => s.Name == "partners");
        Assert.Equal("x", partners.Namespace);
        Assert.Equal("x", partners.Labels[WellKnownLabels.Namespace]);
        Assert.Equal("x", partners.Labels["pcns.ns"]);
        Assert.Equal("partner", partners.Labels["role"]);
        Assert.Equal(["192.0.2.0/24", "198.51.100.7/32"], partners.Nets.Select(n => n.ToString()));
        var internet = sets.Single(s => s.Name == "internet");
        Assert.Null(internet.Namespace);
        Assert.Equal(new Dictionary<string, string> { ["scope"] = "world" }, internet.Labels.ToDictionary());
    }

    [Fact]
    public void Build_Tiers_BuiltInPlusStoredInCalicoOrder()
    {
        var snapshot = Build("""
            apiVersion: projectcalico.org/v3
            kind: Tier
            metadata:
              name: zeta
            spec:
              order: 100
            ---
            apiVersion: projectcalico.org/v3
            kind: Tier
            metadata:
              name: alpha
            spec:
              order: 100
            ---
            apiVersion: projectcalico.org/v3
            kind: Tier
            metadata:
              name: unordered
            spec: {}
            ---
            apiVersion: projectcalico.org/v3
            kind: Tier
            metadata:
              name: first
            spec:
              order: 1
              defaultAction: Pass
            """);

        Assert.Equal(["first", "alpha", "zeta", "kube-admin", "default", "kube-baseline", "unordered"], snapshot.Tiers.Select(t => t.Name));
        Assert.Equal(Api.Values.TierDefaultAction.Pass, snapshot.FindTier("first")!.DefaultAction);
        Assert.Equal(Api.Values.TierDefaultAction.Pass, snapshot.FindTier("kube-admin")!.DefaultAction);
        Assert.Equal(Api.Values.TierDefaultAction.Deny, snapshot.FindTier("default")!.DefaultAction);
    }

    [Fact]
    public void Build_PolicyInAMissingTier_IsIgnoredWithAWarning()
    {
        var snapshot = Build("""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: orphan
            spec:
              tier: nowhere
              ingress:
              - action: Deny
            """);

        Assert.Empty(snapshot.Policies);
        Assert.Null(snapshot.FindPolicy(PolicyId.Global("orphan")));
        Assert.Equal("policy orphan is in tier \"nowhere\", which does not exist; it is ignored", Assert.Single(snapshot.Warnings));
    }

    [Fact]
    public void Add_BadSelector_ThrowsNamingTheResource()
    {
        var builder = new PolicySnapshotBuilder();
        var policy = new NetworkPolicy { Metadata = new() { Name = "bad", Namespace = "ns1" }, Spec = new NetworkPolicySpec { Selector = "app = 'web'" } };

        var error = Assert.Throws<PolicyModelException>(() => builder.Add(policy));

        Assert.StartsWith("NetworkPolicy ns1/bad: selector \"app = 'web'\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_SameResourceTwice_LastWins()
    {
        var snapshot = Build("""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: p
            spec:
              order: 1
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata:
              name: p
            spec:
              order: 2
            """);

        Assert.Equal(2, Assert.Single(snapshot.Policies).Order);
    }

    [Fact]
    public void Add_IrrelevantKind_IsIgnored()
    {
        var snapshot = Build("""
            apiVersion: projectcalico.org/v3
            kind: IPPool
            metadata:
              name: pool
            spec:
              cidr: 10.0.0.0/16
            """);

        Assert.Empty(snapshot.Endpoints);
    }

    [Fact]
    public void Build_NoFelixConfiguration_UsesFelixDefaultFailsafePorts()
    {
        var settings = new PolicySnapshotBuilder().Build().HostSettings;

        Assert.Equal(
            ["tcp:22", "udp:68", "tcp:179", "tcp:2379", "tcp:2380", "tcp:5473", "tcp:6443", "tcp:6666", "tcp:6667"],
            settings.FailsafeInbound.Select(p => p.ToString()));
        Assert.Equal(
            ["udp:53", "udp:67", "tcp:179", "tcp:2379", "tcp:2380", "tcp:5473", "tcp:6443", "tcp:6666", "tcp:6667"],
            settings.FailsafeOutbound.Select(p => p.ToString()));
        Assert.Equal(EndpointToHostAction.Drop, settings.DefaultEndpointToHostAction);
    }

    [Fact]
    public void Build_FelixConfigurations_DefaultThenPerNodeOverride()
    {
        var snapshot = Build("""
            apiVersion: projectcalico.org/v3
            kind: FelixConfiguration
            metadata:
              name: default
            spec:
              failsafeInboundHostPorts:
              - protocol: TCP
                port: 22
                net: 10.0.0.0/8
              defaultEndpointToHostAction: Accept
            ---
            apiVersion: projectcalico.org/v3
            kind: FelixConfiguration
            metadata:
              name: node.node2
            spec:
              failsafeInboundHostPorts: []
              failsafeOutboundHostPorts:
              - protocol: UDP
                port: 5353
            """);

        Assert.Equal(["tcp:10.0.0.0/8:22"], snapshot.HostSettings.FailsafeInbound.Select(p => p.ToString()));
        Assert.Equal(9, snapshot.HostSettings.FailsafeOutbound.Count);
        Assert.Equal(EndpointToHostAction.Accept, snapshot.HostSettings.DefaultEndpointToHostAction);
        var node2 = snapshot.HostSettingsFor("node2");
        Assert.Empty(node2.FailsafeInbound);
        Assert.Equal([new FailsafePort(ProtocolNames.Udp, 5353)], node2.FailsafeOutbound);
        Assert.Equal(EndpointToHostAction.Accept, node2.DefaultEndpointToHostAction);
        Assert.Same(snapshot.HostSettings, snapshot.HostSettingsFor("node1"));
    }

    [Fact]
    public void Build_HostEndpoint_LabelsNetworksAndPorts()
    {
        var snapshot = Build("""
            apiVersion: projectcalico.org/v3
            kind: Profile
            metadata:
              name: hosts
            spec:
              labelsToApply:
                kind: host
                role: from-profile
            ---
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata:
              name: node1-eth0
              labels:
                role: edge
            spec:
              node: node1
              interfaceName: eth0
              expectedIPs: [192.168.0.1, "fd00::1"]
              profiles: [hosts]
              ports:
              - name: ssh
                protocol: TCP
                port: 22
              - port: 80
                protocol: TCP
            """);

        var host = snapshot.Host("node1-eth0");

        Assert.Equal("host:node1-eth0", host.DisplayName);
        Assert.Equal("edge", host.Labels["role"]);
        Assert.Equal("host", host.Labels["kind"]);
        Assert.Equal("192.168.0.1", host.AddressFor(4)!.ToString());
        Assert.Equal("fd00::1", host.AddressFor(6)!.ToString());
        Assert.Equal([new NamedPort("ssh", ProtocolNames.Tcp, 22)], host.Ports);
        Assert.False(host.IsAllInterfacesHost);
    }

    [Fact]
    public void Workload_Unknown_ThrowsKeyNotFound()
    {
        var snapshot = new PolicySnapshotBuilder().Build();

        Assert.Throws<KeyNotFoundException>(() => snapshot.Workload("ns", "nope"));
        Assert.Throws<KeyNotFoundException>(() => snapshot.Host("nope"));
    }

    private static PolicySnapshot Build(string yaml) => new PolicySnapshotBuilder().AddRange(KubeModel.Yaml(yaml)).Build();
}
