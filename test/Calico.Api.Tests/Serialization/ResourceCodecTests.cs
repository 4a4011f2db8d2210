using Calico.Api;
using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Api.Values;

namespace Calico.Api.Tests.Serialization;

public class ResourceCodecTests
{
    /// <summary>A representative document of every kind, using most of its fields.</summary>
    public static TheoryData<string> EveryKind => new()
    {
        "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/16, vxlanMode: CrossSubnet, ipipMode: Never, natOutgoing: true, disabled: false, disableBGPExport: true, blockSize: 24, nodeSelector: all(), namespaceSelector: \"x == 'y'\", allowedUses: [Workload], assignmentMode: Manual}",
        "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: np, namespace: app, labels: {a: b}}\nspec: {tier: default, order: 100.5, selector: all(), types: [Ingress, Egress], serviceAccountSelector: has(x), ingress: [{action: Allow, protocol: TCP, source: {selector: \"a == 'b'\", namespaceSelector: global(), nets: [10.0.0.0/8], notNets: [10.1.0.0/16]}, destination: {ports: [80, '1000:2000', http], notPorts: [81]}}], egress: [{action: Deny, protocol: 17, notProtocol: ICMP, ipVersion: 4}]}",
        "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: g}\nspec: {order: 1, selector: all(), namespaceSelector: has(x), applyOnForward: true, preDNAT: true, types: [Ingress], ingress: [{action: Pass, protocol: ICMP, icmp: {type: 8, code: 0}, notICMP: {type: 3}}, {action: Log}]}",
        "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 100, defaultAction: Pass}",
        "apiVersion: projectcalico.org/v3\nkind: NetworkSet\nmetadata: {name: ns1, namespace: app, labels: {role: db}}\nspec: {nets: [10.0.0.0/24, 10.1.1.1]}",
        "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: {name: gns}\nspec: {nets: ['2001:db8::/32']}",
        "apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: {name: h}\nspec: {node: n1, interfaceName: eth0, expectedIPs: [10.0.0.1], profiles: [p], ports: [{name: ssh, protocol: TCP, port: 22}]}",
        "apiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\nmetadata: {name: n1-k8s-pod-eth0, namespace: app}\nspec: {orchestrator: k8s, node: n1, containerID: abc, pod: pod, endpoint: eth0, serviceAccountName: default, ipNetworks: [192.168.0.1/32], ipNATs: [{internalIP: 192.168.0.1, externalIP: 1.2.3.4}], profiles: [kns.app], interfaceName: cali12345678901, mac: 'ee:ee:ee:ee:ee:ee', ports: [{name: http, protocol: TCP, port: 80, hostPort: 8080, hostIP: 0.0.0.0}]}",
        "apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {name: n1}\nspec: {bgp: {asNumber: 64513, ipv4Address: 10.0.0.1/24, routeReflectorClusterID: 1.2.3.4}, ipv4VXLANTunnelAddr: 192.168.0.0, vxlanTunnelMACAddr: '66:aa:bb:cc:dd:ee', orchRefs: [{nodeName: n1, orchestrator: k8s}], addresses: [{address: 10.0.0.1, type: InternalIP}]}",
        "apiVersion: projectcalico.org/v3\nkind: Profile\nmetadata: {name: prof}\nspec: {ingress: [{action: Allow}], egress: [{action: Allow}], labelsToApply: {a: b}}",
        "apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: peer}\nspec: {node: n1, peerIP: '10.0.0.5:179', asNumber: 64600, keepOriginalNextHop: true, password: {secretKeyRef: {name: s, key: k}}, sourceAddress: UseNodeIP, keepaliveTime: 30s}",
        "apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata: {name: default}\nspec: {logSeverityScreen: Info, nodeToNodeMeshEnabled: false, asNumber: 63400, serviceClusterIPs: [{cidr: 10.96.0.0/12}], communities: [{name: c, value: '100:200'}], prefixAdvertisements: [{cidr: 10.0.0.0/8, communities: [c]}], listenPort: 179}",
        "apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\nspec: {interfacePrefix: cali, logSeverityScreen: Debug, vxlanVNI: 4096, vxlanPort: 4789, healthEnabled: true, healthPort: 9099, prometheusMetricsEnabled: true, routeRefreshInterval: 90s, failsafeInboundHostPorts: [{protocol: tcp, port: 22}], defaultEndpointToHostAction: Drop}",
        "apiVersion: projectcalico.org/v3\nkind: ClusterInformation\nmetadata: {name: default}\nspec: {clusterGUID: abc, clusterType: lab, calicoVersion: v3.30.0, datastoreReady: true}",
        "apiVersion: projectcalico.org/v3\nkind: KubeControllersConfiguration\nmetadata: {name: default}\nspec: {logSeverityScreen: Info, healthChecks: Enabled, etcdV3CompactionPeriod: 10m, controllers: {node: {reconcilerPeriod: 5m, syncLabels: Enabled, hostEndpoint: {autoCreate: Disabled}, leakGracePeriod: 15m}, policy: {reconcilerPeriod: 5m}}}",
        "apiVersion: projectcalico.org/v3\nkind: IPAMBlock\nmetadata: {name: 192-168-0-0-26}\nspec: {cidr: 192.168.0.0/26, affinity: 'host:n1', allocations: [0, null, 1], unallocated: [1], attributes: [{handle_id: k8s-pod-network.abc, secondary: {node: n1}}], sequenceNumber: 3, strictAffinity: false, deleted: false}",
        "apiVersion: projectcalico.org/v3\nkind: BlockAffinity\nmetadata: {name: n1-192-168-0-0-26}\nspec: {state: confirmed, node: n1, type: host, cidr: 192.168.0.0/26, deleted: false}",
        "apiVersion: projectcalico.org/v3\nkind: IPAMHandle\nmetadata: {name: k8s-pod-network.abc}\nspec: {handleID: k8s-pod-network.abc, block: {192.168.0.0/26: 1}}",
        "apiVersion: projectcalico.org/v3\nkind: IPAMConfiguration\nmetadata: {name: default}\nspec: {strictAffinity: true, maxBlocksPerHost: 4, autoAllocateBlocks: true}",
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: app, labels: {team: a}}",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: app, labels: {app: web}}\nspec: {nodeName: n1, serviceAccountName: sa, containers: [{name: c, image: busybox, ports: [{name: http, containerPort: 80, protocol: TCP}]}]}",
        "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa, namespace: app}",
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: k, namespace: app}\nspec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {}}, {ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}], ports: [{port: 80}, {port: http, protocol: UDP}, {port: 1000, endPort: 2000}]}]}",
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Decode_EveryKind_RoundTripsThroughJsonAndYaml(string yaml)
    {
        var decoded = Assert.Single(ResourceCodec.Decode(yaml, "test.yaml"));
        var json = ResourceCodec.EncodeJson(decoded.Resource);

        var fromYaml = Assert.Single(ResourceCodec.Decode(ResourceCodec.ToYaml(decoded.Resource), "out.yaml"));
        var fromJson = Assert.Single(ResourceCodec.Decode(ResourceCodec.ToJson(decoded.Resource), "out.json"));

        Assert.Equal(json, ResourceCodec.EncodeJson(fromYaml.Resource));
        Assert.Equal(json, ResourceCodec.EncodeJson(fromJson.Resource));
        Assert.Equal(decoded.Kind, fromYaml.Kind);
    }

    [Fact]
    public void Decode_AllKindsCovered_EveryRegisteredKindHasASample()
    {
        var covered = ((IEnumerable<object[]>)EveryKind).Select(row => ResourceCodec.Decode((string)row[0], "x").Single().Kind).ToHashSet();
        Assert.Equal(ResourceKinds.All.Count, covered.Count);
    }

    [Fact]
    public void Decode_ListKind_YieldsEachItem()
    {
        var yaml = "apiVersion: projectcalico.org/v3\nkind: IPPoolList\nitems:\n- metadata: {name: a}\n  spec: {cidr: 10.0.0.0/16}\n- metadata: {name: b}\n  spec: {cidr: 10.1.0.0/16}\nmetadata: {resourceVersion: '7'}\n";

        var items = ResourceCodec.Decode(yaml, "list.yaml");

        Assert.Equal(["a", "b"], items.Select(i => i.Resource.Name));
        Assert.All(items, i => Assert.IsType<IPPool>(i.Resource));
    }

    [Fact]
    public void Decode_ErrorInsideListItem_NamesItemPath()
    {
        var yaml = "apiVersion: projectcalico.org/v3\nkind: IPPoolList\nitems:\n- metadata: {name: a}\n  spec: {cidr: 10.0.0.0/16, bogus: 1}\n";

        var error = Assert.Throws<ResourceInputException>(() => ResourceCodec.Decode(yaml, "list.yaml"));

        Assert.Equal("items[0].spec.bogus", error.FieldPath);
    }

    [Fact]
    public void Decode_MultipleDocuments_KeepsOrderAndIndexes()
    {
        var yaml = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n# comment only\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n";

        var items = ResourceCodec.Decode(yaml, "multi.yaml");

        Assert.Equal(["a", "b"], items.Select(i => i.Resource.Name));
        Assert.Equal([1, 3], items.Select(i => i.DocumentIndex));
    }

    [Fact]
    public void Decode_JsonArray_YieldsEachElement()
    {
        var json = "[{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"a\"}},{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"b\"}}]";

        Assert.Equal(2, ResourceCodec.Decode(json, "x.json").Count);
    }

    [Fact]
    public void Decode_MalformedJson_SaysSo()
    {
        var error = Assert.Throws<ResourceInputException>(() => ResourceCodec.Decode("{\"kind\": ", "x.json"));
        Assert.Contains("malformed JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_DuplicateKey_IsRejected()
    {
        var error = Assert.Throws<ResourceInputException>(() => ResourceCodec.Decode("apiVersion: v1\nkind: Namespace\nkind: Namespace\nmetadata: {name: a}\n", "d.yaml"));
        Assert.Contains("duplicate", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Decode_MissingKind_SaysKindIsRequired()
    {
        var error = Assert.Throws<ResourceInputException>(() => ResourceCodec.Decode("apiVersion: v1\nmetadata: {name: a}\n", "d.yaml"));
        Assert.Equal("kind", error.FieldPath);
    }

    [Fact]
    public void Decode_QuotedNumberAsString_StaysAString()
    {
        var yaml = "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: n, labels: {version: '1'}}\nspec: {ingress: [{action: Allow, protocol: TCP, destination: {ports: ['80']}}]}";

        var policy = (NetworkPolicy)ResourceCodec.Decode(yaml, "q.yaml").Single().Resource;

        Assert.Equal("1", policy.Metadata.Labels!["version"]);
        Assert.Equal(Port.Single(80), policy.Spec.Ingress![0].Destination!.Ports![0]);
    }

    [Fact]
    public void ToYaml_NumericLookingStrings_AreQuoted()
    {
        var ns = new KubeNamespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new() { Name = "a", Labels = new() { ["v"] = "1", ["b"] = "true" } } };

        var yaml = ResourceCodec.ToYaml(ns);

        Assert.Contains("v: \"1\"", yaml, StringComparison.Ordinal);
        Assert.Contains("b: \"true\"", yaml, StringComparison.Ordinal);
        Assert.Equal("1", ResourceCodec.Decode(yaml, "x").Single().Resource.Metadata.Labels!["v"]);
    }

    [Fact]
    public void Decode_EmptyVxlanMode_MeansNever()
    {
        var pool = (IPPool)ResourceCodec.Decode("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/16, vxlanMode: ''}", "x").Single().Resource;
        Assert.Equal(EncapMode.Never, pool.Spec.VxlanMode);
    }

    [Theory]
    [InlineData("ports: [70000]", "from 0 to 65535")]
    [InlineData("ports: ['90:80']", "minimum above its maximum")]
    [InlineData("ports: ['Bad_Name']", "port name \"Bad_Name\" is invalid")]
    public void Decode_BadPort_ExplainsWhy(string ports, string expected)
    {
        var yaml = $"apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {{name: n}}\nspec:\n  ingress:\n  - action: Allow\n    protocol: TCP\n    destination:\n      {ports}\n";

        var error = Assert.Throws<ResourceInputException>(() => ResourceCodec.Decode(yaml, "p.yaml"));

        Assert.Equal("spec.ingress[0].destination.ports[0]", error.FieldPath);
        Assert.Contains(expected, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_UnknownProtocol_ListsTheKnownOnes()
    {
        var yaml = "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: n}\nspec: {ingress: [{action: Allow, protocol: tcp}]}";

        var error = Assert.Throws<ResourceInputException>(() => ResourceCodec.Decode(yaml, "p.yaml"));

        Assert.Equal("spec.ingress[0].protocol", error.FieldPath);
        Assert.Contains("TCP, UDP", error.Reason, StringComparison.Ordinal);
    }
}
