using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Api.Values;
using Calico.Core;
using Calico.Felix.Calc.Graph;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Calc.Tests.Support;
using Calico.Policy.Ids;
using Calico.Policy.Snapshot;
using static Calico.Felix.Calc.Tests.Support.Fixtures;
using static Calico.Felix.Calc.Tests.Support.States;

namespace Calico.Felix.Calc.Tests.Graph;

/// <summary>Smaller behaviours of <see cref="CalculationGraph"/>: output order, silence, in-sync, problems, statistics, settings.</summary>
public class CalculationGraphTests
{
    private static readonly ClusterState Policed = Cluster.With("policed", [.. KubePolicies, .. GlobalPolicies]);

    private static readonly IPPool Pool = One<IPPool>("""
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-1}
        spec: {cidr: 10.0.0.0/16, natOutgoing: true, vxlanMode: CrossSubnet}
        """);

    [Fact]
    public void Flush_EverythingNew_SettingsPoolsSetsPoliciesProfilesEndpointsThenInSync()
    {
        var harness = Harness(Policed.With("with pool", [Pool]));
        harness.Graph.OnInSync();

        var messages = harness.Flush();

        AssertInDependencyOrder(messages);
        Assert.IsType<HostSettingsUpdate>(messages[0]);
        Assert.IsType<DatastoreInSync>(messages[^1]);
        foreach (var type in new[] { typeof(IpPoolUpdate), typeof(IpSetUpdate), typeof(ActivePolicyUpdate), typeof(ActiveProfileUpdate), typeof(WorkloadEndpointUpdate) })
        {
            Assert.Contains(messages, m => m.GetType() == type);
        }
    }

    [Fact]
    public void Flush_EverythingDeleted_RemovalsInReverseDependencyOrder()
    {
        var harness = Harness(Policed.With("with pool", [Pool]));
        harness.Flush();

        harness.MoveTo(ClusterState.Empty);
        var messages = harness.Flush();

        AssertInDependencyOrder(messages);
        foreach (var type in new[] { typeof(WorkloadEndpointRemove), typeof(ActiveProfileRemove), typeof(ActivePolicyRemove), typeof(IpSetRemove), typeof(IpPoolRemove) })
        {
            Assert.Contains(messages, m => m.GetType() == type);
        }

        Assert.All(messages, m => Assert.True(Rank(m) >= Rank(new WorkloadEndpointRemove(default)), $"{m} is not a removal"));
        Assert.True(harness.Dataplane.View().IsEmpty);
    }

    [Fact]
    public void Flush_AddsAndRemovalsInOneBatch_AddsFirstThenRemovalsInReverse()
    {
        var harness = Harness(Policed);
        harness.Flush();

        harness.MoveTo(Policed.With("moved and relabelled", [.. MovedPods, .. RelabelledPods])
            .Without("and y's deny-all deleted", new ResourceKey(nameof(KubeNetworkPolicy), "y", "deny-all")));
        var messages = harness.Flush();

        AssertInDependencyOrder(messages);
        Assert.Contains(messages, m => m is IpSetDeltaUpdate);
        Assert.Contains(messages, m => m is WorkloadEndpointRemove);
        Assert.Contains(messages, m => m is ActivePolicyRemove or ActiveProfileRemove);
    }

    [Fact]
    public void Flush_NothingChanged_SendsNothing()
    {
        var harness = new GraphHarness();

        Assert.Equal([new HostSettingsUpdate(HostSettings.Default)], harness.Flush());
        Assert.Empty(harness.Flush());

        harness.MoveTo(Policed);
        Assert.NotEmpty(harness.Flush());
        Assert.Empty(harness.Flush());
    }

    [Fact]
    public void OnResourceUpdated_IdenticalResourceReapplied_ChangesNothingVisible()
    {
        var everything = StateSequences.Named("everything")[0];
        var harness = Harness(everything);
        harness.Flush();
        var before = harness.Dataplane.View();

        foreach (var resource in everything.Resources)
        {
            harness.Update(ResourceCodec.Clone(resource));
            var messages = harness.Flush();

            Assert.Empty(harness.Dataplane.View().DifferencesFrom(before));
            Assert.DoesNotContain(messages, m => m is IpSetUpdate or IpSetDeltaUpdate or IpSetRemove or IpPoolUpdate
                or ActivePolicyRemove or ActiveProfileRemove or WorkloadEndpointRemove or HostEndpointRemove);
        }
    }

    [Fact]
    public void OnResourceDeleted_NeverSeen_SendsNothing()
    {
        var harness = Harness(Policed);
        harness.Flush();

        foreach (var kind in new[] { nameof(WorkloadEndpoint), nameof(HostEndpoint), nameof(GlobalNetworkPolicy), nameof(KubeNetworkPolicy), nameof(Profile), nameof(KubeNamespace), nameof(Tier), nameof(NetworkSet), nameof(IPPool), "Unknown" })
        {
            harness.Graph.OnResourceDeleted(kind, "x", "never-seen");
        }

        Assert.Empty(harness.Flush());
    }

    [Fact]
    public void OnResourceUpdated_KindFelixDoesNotUse_Ignored()
    {
        var harness = Harness(Policed);
        harness.Flush();

        harness.Graph.OnResourceUpdated(One<BGPPeer>("""
            apiVersion: projectcalico.org/v3
            kind: BGPPeer
            metadata: {name: rr}
            spec: {peerIP: 192.168.0.1, asNumber: 64512}
            """));

        Assert.Empty(harness.Flush());
        Assert.Empty(harness.Graph.Problems);
    }

    [Fact]
    public void OnInSync_FlushedRepeatedly_DatastoreInSyncSentOnce()
    {
        var harness = Harness(Cluster);
        Assert.DoesNotContain(harness.Flush(), m => m is DatastoreInSync);

        harness.Graph.OnInSync();
        Assert.Single(harness.Flush(), m => m is DatastoreInSync);

        harness.Graph.OnInSync();
        harness.MoveTo(Policed);
        Assert.DoesNotContain(harness.Flush(), m => m is DatastoreInSync);
        Assert.Empty(harness.Flush());
        Assert.Equal(1, harness.Dataplane.InSyncCount);
    }

    [Fact]
    public void Flush_PolicyInMissingTier_EndpointFailsClosedInTheDirectionsItGoverns()
    {
        var harness = Harness(Cluster.With("ghost policies", GhostPolicies));

        harness.Flush();

        var xb = harness.Dataplane.Workloads[EndpointId.Workload("x", "k8s-b-eth0")];
        Assert.Equal(["Egress: policy ghost.g", "Egress: policy x/ghost.h", "Ingress: policy ghost.g"], xb.Problems.Select(p => p.ToString()[..p.ToString().IndexOf(" is in", StringComparison.Ordinal)]));
        Assert.All(xb.Problems, p => Assert.Contains("tier \"ghost\", which does not exist", p.Reason, StringComparison.Ordinal));
        Assert.Empty(xb.Tiers);
        Assert.Equal([PolicyType.Egress], harness.Dataplane.Workloads[EndpointId.Workload("x", "k8s-a-eth0")].Problems.Select(p => p.Direction));
        Assert.Empty(harness.Dataplane.Workloads[EndpointId.Workload("y", "k8s-a-eth0")].Problems);
        Assert.Contains(harness.Graph.Problems, p => p.StartsWith("endpoint x/k8s-b-eth0 fails closed for ingress", StringComparison.Ordinal) && p.Contains("ghost.g", StringComparison.Ordinal));
        Assert.Equal(4, harness.Graph.Problems.Count);
    }

    [Fact]
    public void Flush_MissingTierCreated_ProblemsClearedAndTierListed()
    {
        var harness = Harness(Cluster.With("ghost policies", GhostPolicies));
        harness.Flush();

        harness.MoveTo(Cluster.With("ghost tier", [.. GhostPolicies, .. GhostTier]));
        harness.Flush();

        var xb = harness.Dataplane.Workloads[EndpointId.Workload("x", "k8s-b-eth0")];
        Assert.Empty(xb.Problems);
        Assert.Equal("ghost", Assert.Single(xb.Tiers).Name);
        Assert.Empty(harness.Graph.Problems);
    }

    [Fact]
    public void Problems_NamedPortOnNoEndpoint_ReportedUntilAnEndpointHasIt()
    {
        var policy = One<GlobalNetworkPolicy>("""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: grpc}
            spec:
              selector: app == 'web'
              ingress: [{action: Allow, protocol: TCP, destination: {ports: [grpc]}}]
            """);
        var harness = Harness(Cluster.With("grpc", [policy]));
        harness.Flush();

        Assert.Equal(["policy grpc: named port \"grpc\" (TCP) resolves to no endpoint port; its rules match nothing"], harness.Graph.Problems);

        harness.Update(Changed(XC, p => p.Spec.Ports!.Add(new EndpointPort { Name = "grpc", Protocol = Protocol.Tcp, Port = 50051 })));
        harness.Flush();

        Assert.Empty(harness.Graph.Problems);
        harness.AssertDataplaneMatchesModel("grpc port added");
    }

    [Fact]
    public void OnResourceUpdated_UnparsableSelector_ReportedAndTreatedAsAbsent()
    {
        var good = One<GlobalNetworkPolicy>("""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: web}
            spec: {selector: app == 'web', ingress: [{action: Allow}]}
            """);
        var harness = Harness(Cluster.With("web", [good]));
        harness.Flush();
        Assert.Contains(PolicyId.Global("web"), harness.Dataplane.Policies.Keys);

        var bad = ResourceCodec.Clone(good);
        bad.Spec.Selector = "app == ";
        harness.Graph.OnResourceUpdated(bad);
        var messages = harness.Flush();

        Assert.Contains(new ActivePolicyRemove(PolicyId.Global("web")), messages);
        var problem = Assert.Single(harness.Graph.Problems);
        Assert.StartsWith("GlobalNetworkPolicy web cannot be used, treated as absent: ", problem, StringComparison.Ordinal);

        harness.Graph.OnResourceUpdated(good);
        harness.Flush();

        Assert.Empty(harness.Graph.Problems);
        Assert.Contains(PolicyId.Global("web"), harness.Dataplane.Policies.Keys);
    }

    [Fact]
    public void OnResourceDeleted_ResourceThatCouldNotBeUsed_ProblemCleared()
    {
        var harness = Harness(Cluster);
        harness.Flush();
        harness.Graph.OnResourceUpdated(One<GlobalNetworkPolicy>("""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: bad}
            spec: {selector: "app in {'x'"}
            """));
        harness.Flush();
        Assert.Single(harness.Graph.Problems);

        harness.Graph.OnResourceDeleted(nameof(GlobalNetworkPolicy), null, "bad");

        Assert.Empty(harness.Flush());
        Assert.Empty(harness.Graph.Problems);
    }

    [Fact]
    public void OnResourceUpdated_UnparsableAddress_EndpointTreatedAsAbsent()
    {
        var harness = Harness(Cluster);
        harness.Flush();

        harness.Graph.OnResourceUpdated(Changed(XA, p => p.Spec.IpNetworks = ["10.1.0.x/32"]));
        var messages = harness.Flush();

        Assert.Contains(new WorkloadEndpointRemove(EndpointId.Workload("x", "k8s-a-eth0")), messages);
        Assert.Contains(harness.Graph.Problems, p => p.StartsWith("WorkloadEndpoint x/k8s-a-eth0 cannot be used", StringComparison.Ordinal));
    }

    [Fact]
    public void Statistics_PolicedCluster_CountsWhatTheDataplaneHolds()
    {
        var harness = Harness(Policed);
        harness.Flush();

        var statistics = harness.Graph.Statistics;

        Assert.Equal(4, statistics.LocalEndpoints);
        Assert.Equal(4, statistics.ActivePolicies);
        Assert.Equal(6, statistics.ActiveProfiles);
        Assert.Equal(7, statistics.LabelledItems);
        Assert.Equal(4, statistics.Policies);
        Assert.Equal(harness.Dataplane.View().IpSets.Count, statistics.ActiveIpSets);
        Assert.Equal(harness.Dataplane.Policies.Count, statistics.ActivePolicies);
        Assert.Equal(harness.Dataplane.Profiles.Count, statistics.ActiveProfiles);
        Assert.Equal(harness.Dataplane.Workloads.Count, statistics.LocalEndpoints);
    }

    [Fact]
    public void Statistics_PolicySelectingOnlyRemoteEndpoints_CountedButNotActive()
    {
        var harness = Harness(Cluster.With("remote only", [One<GlobalNetworkPolicy>("""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: remote}
            spec: {selector: app == 'db' && projectcalico.org/namespace == 'y', ingress: [{action: Allow, source: {selector: app == 'web'}}]}
            """)]));
        harness.Flush();

        Assert.Equal(1, harness.Graph.Statistics.Policies);
        Assert.Equal(0, harness.Graph.Statistics.ActivePolicies);
        Assert.Equal(0, harness.Graph.Statistics.ActiveIpSets);
        Assert.Empty(harness.Dataplane.Policies);
    }

    [Fact]
    public void Flush_EqualOrders_OrderedByNameThenNamespaceThenKind()
    {
        var harness = Harness(Cluster.With("equal orders", Yaml("""
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: p, namespace: x}
            spec: {order: 10, selector: app == 'web', types: [Ingress]}
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: p}
            spec: {order: 10, selector: app == 'web', types: [Ingress]}
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: a}
            spec: {order: 10, selector: app == 'web', types: [Ingress]}
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: first}
            spec: {order: 9.5, selector: app == 'web', types: [Ingress]}
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: last}
            spec: {selector: app == 'web', types: [Ingress]}
            """)));

        harness.Flush();

        var tier = Assert.Single(harness.Dataplane.Workloads[EndpointId.Workload("x", "k8s-a-eth0")].Tiers);
        Assert.Equal([PolicyId.Global("first"), PolicyId.Global("a"), PolicyId.Global("p"), PolicyId.Namespaced("x", "p"), PolicyId.Global("last")], tier.Ingress);
        Assert.Empty(tier.Egress);
    }

    [Fact]
    public void Flush_FelixConfiguration_ThisNodesOverrideOverTheClusterDefault()
    {
        var harness = Harness(ClusterState.Empty.With("config", Yaml("""
            apiVersion: projectcalico.org/v3
            kind: FelixConfiguration
            metadata: {name: default}
            spec: {defaultEndpointToHostAction: Accept, failsafeInboundHostPorts: [{protocol: TCP, port: 22}]}
            ---
            apiVersion: projectcalico.org/v3
            kind: FelixConfiguration
            metadata: {name: node.node-1}
            spec: {defaultEndpointToHostAction: Return}
            ---
            apiVersion: projectcalico.org/v3
            kind: FelixConfiguration
            metadata: {name: node.node-2}
            spec: {defaultEndpointToHostAction: Drop}
            """)));

        harness.Flush();

        var settings = harness.Dataplane.HostSettings!;
        Assert.Equal(EndpointToHostAction.Return, settings.DefaultEndpointToHostAction);
        Assert.Equal(22, Assert.Single(settings.FailsafeInbound).Port);
        Assert.Equal(HostSettings.Default.FailsafeOutbound, settings.FailsafeOutbound);

        harness.Delete(new ResourceKey(nameof(FelixConfiguration), null, "node.node-1"));
        harness.Flush();

        Assert.Equal(EndpointToHostAction.Accept, harness.Dataplane.HostSettings!.DefaultEndpointToHostAction);
    }

    [Fact]
    public void Flush_OtherNodesFelixConfigurationChanged_NoHostSettingsUpdate()
    {
        var harness = Harness(ClusterState.Empty.With("config", Yaml("""
            apiVersion: projectcalico.org/v3
            kind: FelixConfiguration
            metadata: {name: default}
            spec: {failsafeInboundHostPorts: [{protocol: TCP, port: 22}], failsafeOutboundHostPorts: [{protocol: UDP, port: 53}]}
            """)));
        harness.Flush();

        harness.Update(One<FelixConfiguration>("""
            apiVersion: projectcalico.org/v3
            kind: FelixConfiguration
            metadata: {name: node.node-2}
            spec: {defaultEndpointToHostAction: Accept}
            """));

        Assert.Empty(harness.Flush());
    }

    [Fact]
    public void Flush_IpPoolAddedChangedDeleted_PoolUpdatesAndRemove()
    {
        var harness = new GraphHarness();
        harness.Update(Pool);
        harness.Flush();
        Assert.Equal(new IpPoolUpdate("pool-1", Cidr.Parse("10.0.0.0/16"), true, false, EncapMode.CrossSubnet, EncapMode.Never), harness.Dataplane.Pools["pool-1"]);

        var disabled = ResourceCodec.Clone(Pool);
        disabled.Spec.Disabled = true;
        harness.Update(disabled);
        Assert.Single(harness.Flush(), m => m is IpPoolUpdate { Disabled: true });

        harness.Update(ResourceCodec.Clone(disabled));
        Assert.Empty(harness.Flush());

        harness.Delete(ResourceKey.Of(Pool));
        Assert.Equal([new IpPoolRemove("pool-1")], harness.Flush());
    }

    [Fact]
    public void OnResourceDeleted_StoredDefaultTier_BuiltInDefaultRestored()
    {
        var harness = Harness(Policed.With("default tier passes", Yaml("""
            apiVersion: projectcalico.org/v3
            kind: Tier
            metadata: {name: default}
            spec: {order: 5, defaultAction: Pass}
            """)));
        harness.Flush();
        var xa = EndpointId.Workload("x", "k8s-a-eth0");
        Assert.Equal(TierDefaultAction.Pass, harness.Dataplane.Workloads[xa].Tiers[0].DefaultAction);

        harness.Delete(new ResourceKey(nameof(Tier), null, "default"));
        harness.Flush();

        Assert.Equal(TierDefaultAction.Deny, harness.Dataplane.Workloads[xa].Tiers[0].DefaultAction);
        harness.AssertDataplaneMatchesModel("stored default tier deleted");
    }

    [Fact]
    public void OnResourceDeleted_ServiceAccountWithoutNamespace_ItsProfileRemoved()
    {
        // KubeProfileConverter names a service account without namespace ksa.default.<name>; delete must find it.
        var account = One<KubeServiceAccount>("""
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: robot}
            """);
        var pod = Pod("default", "r", GraphHarness.Node, ["10.4.0.1/32"], "app=robot", serviceAccount: "robot");
        var harness = new GraphHarness();
        harness.Graph.OnResourceUpdated(account);
        harness.Graph.OnResourceUpdated(pod);
        harness.Flush();
        Assert.Equal(["ksa.default.robot"], harness.Dataplane.Workloads[EndpointId.Workload("default", "k8s-r-eth0")].Profiles);

        harness.Graph.OnResourceDeleted(nameof(KubeServiceAccount), null, "robot");
        var messages = harness.Flush();

        Assert.Contains(new ActiveProfileRemove("ksa.default.robot"), messages);
        Assert.Empty(harness.Dataplane.Workloads[EndpointId.Workload("default", "k8s-r-eth0")].Profiles);
    }

    [Fact]
    public void Flush_EndpointMovesToAnotherNode_RemovedHereButStillASetMember()
    {
        var harness = Harness(Policed);
        harness.Flush();

        harness.Update(Changed(XA, p => p.Spec.Node = GraphHarness.OtherNode));
        var messages = harness.Flush();

        Assert.Contains(new WorkloadEndpointRemove(EndpointId.Workload("x", "k8s-a-eth0")), messages);
        Assert.Contains(harness.Dataplane.View().IpSets.Values, set => set.Contains("10.1.0.1/32", StringComparison.Ordinal));
        harness.AssertDataplaneMatchesModel("x/a moved away");
    }

    [Fact]
    public void Flush_ProfileLabelsChanged_EndpointsMoveBetweenSetsAsDeltas()
    {
        var harness = Harness(Cluster.With("profiles", Profiles()));
        harness.Flush();
        var sharedSet = harness.Dataplane.Profiles["shared"].Egress.SelectMany(Calico.Felix.Calc.IpSets.RuleIpSets.All).First(s => s.Kind == Calico.Felix.Calc.IpSets.IpSetKind.Networks);
        Assert.Equal(2, harness.Dataplane.Members(sharedSet.Id).Count);

        harness.Update(Profiles(labels: "{shared: 'no'}")[0]);
        var messages = harness.Flush();

        var delta = Assert.Single(messages.OfType<IpSetDeltaUpdate>(), d => d.Id == sharedSet.Id);
        Assert.Equal(2, delta.Removed.Count);
        Assert.Empty(harness.Dataplane.Members(sharedSet.Id));
        harness.AssertDataplaneMatchesModel("shared labels changed");
    }

    private static GraphHarness Harness(ClusterState state)
    {
        var harness = new GraphHarness();
        harness.MoveTo(state);
        return harness;
    }

    /// <summary>Adds in dependency order, then removals in reverse, then the in-sync marker.</summary>
    private static int Rank(DataplaneMessage message) => message switch
    {
        HostSettingsUpdate => 0,
        IpPoolUpdate => 1,
        VtepUpdate => 2,
        BlockRouteUpdate => 3,
        IpSetUpdate => 4,
        IpSetDeltaUpdate => 5,
        ActivePolicyUpdate => 6,
        ActiveProfileUpdate => 7,
        WorkloadEndpointUpdate or HostEndpointUpdate => 8,
        WorkloadEndpointRemove or HostEndpointRemove => 9,
        ActiveProfileRemove => 10,
        ActivePolicyRemove => 11,
        IpSetRemove => 12,
        BlockRouteRemove => 13,
        VtepRemove => 14,
        IpPoolRemove => 15,
        DatastoreInSync => 16,
        _ => throw new ArgumentException($"unexpected {message}", nameof(message)),
    };

    private static void AssertInDependencyOrder(IReadOnlyList<DataplaneMessage> messages)
    {
        for (var i = 1; i < messages.Count; i++)
        {
            Assert.True(Rank(messages[i - 1]) <= Rank(messages[i]), $"{messages[i - 1]} came before {messages[i]}");
        }
    }
}
