using Calico.Api.Defaults;
using Calico.Api.Serialization;
using Calico.Api.Validation;

namespace Calico.Api.Tests.Validation;

public class ResourceValidatorTests
{
    private static IReadOnlyList<ValidationError> Validate(string yaml)
    {
        var resource = ResourceCodec.Decode(yaml, "t.yaml").Single().Resource;
        if (ResourceKinds.Of(resource).IsNamespaced)
        {
            resource.Metadata.Namespace ??= "default";
        }

        ResourceDefaulter.Apply(resource);
        return ResourceValidator.Validate(resource);
    }

    private static string Pool(string spec) => $"apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {{name: p}}\nspec: {{{spec}}}";

    private static string Np(string spec, string name = "np") => $"apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {{name: {name}}}\nspec: {{{spec}}}";

    private static string Gnp(string spec, string name = "g") => $"apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {{name: {name}}}\nspec: {{{spec}}}";

    public static TheoryData<string> Valid => new()
    {
        Pool("cidr: 192.168.0.0/16"),
        Pool("cidr: 10.0.0.0/26, blockSize: 26"),
        Pool("cidr: 10.0.0.0/28, blockSize: 26, disabled: true"),
        Pool("cidr: 'fd00::/48', vxlanMode: Always"),
        Pool("cidr: 'fd00::/64', blockSize: 116"),
        Pool("cidr: 10.0.0.0/16, ipipMode: CrossSubnet"),
        Pool("cidr: 10.0.0.0/16, nodeSelector: \"zone == 'a'\""),
        Pool("cidr: 10.0.0.0/24, allowedUses: [LoadBalancer], blockSize: 24"),
        Np("selector: \"app == 'web'\", ingress: [{action: Allow, protocol: TCP, destination: {ports: [80, '8000:8080']}}]"),
        Np("ingress: [{action: Allow, destination: {ports: [http]}}]"),
        Np("ingress: [{action: Allow, protocol: 6, destination: {ports: [80]}}]"),
        Np("ingress: [{action: Allow, protocol: SCTP, destination: {ports: [80]}}]"),
        Np("ingress: [{action: Allow, source: {namespaceSelector: global()}}]"),
        Np("egress: [{action: Allow, destination: {services: {name: kube-dns, namespace: kube-system}}}]"),
        Np("ingress: [{action: Allow, protocol: TCP, source: {services: {name: x}}, destination: {ports: [80]}}]"),
        Np("ingress: [{action: Allow, protocol: ICMP, icmp: {type: 8, code: 0}}]"),
        Np("ingress: [{action: Allow, protocol: ICMPv6, ipVersion: 6, icmp: {type: 128}}]"),
        Np("ingress: [{action: Allow, ipVersion: 4, source: {nets: [10.0.0.0/8]}}]"),
        Np("ingress: [{action: Allow, http: {methods: [GET], paths: [{exact: /x}]}}]"),
        Np("tier: default", "default.named"),
        Np("types: [Ingress, Egress]"),
        Gnp("selector: all(), namespaceSelector: \"team == 'a'\""),
        Gnp("applyOnForward: true, preDNAT: true, ingress: [{action: Deny}]"),
        Gnp("applyOnForward: true, doNotTrack: true"),
        "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 10}",
        "apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: {name: h}\nspec: {node: n1, expectedIPs: [10.0.0.1]}",
        "apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: b}\nspec: {peerIP: '[2001:db8::1]:1179', asNumber: 65000}",
        "apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: b}\nspec: {nodeSelector: all(), peerSelector: \"rr == 'true'\"}",
        "apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata: {name: node.n1}\nspec: {asNumber: 4294967295}",
        "apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\nspec: {routeRefreshInterval: 1m30s}",
        "apiVersion: projectcalico.org/v3\nkind: NetworkSet\nmetadata: {name: s}\nspec: {nets: [10.0.0.1, '2001:db8::/64']}",
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: k}\nspec: {podSelector: {}, ingress: [{ports: [{port: 80, endPort: 90}]}]}",
    };

    public static TheoryData<string, string, string> Invalid => new()
    {
        { Pool("cidr: 10.0.0.0/16, nodeSelector: global()"), "spec.nodeSelector", "global() is only allowed" },
        { Pool("cidr: 10.0.0.0/16, nodeSelector: 'zone=a'"), "spec.nodeSelector", "invalid selector" },
        { Pool("cidr: 169.254.0.0/24"), "spec.cidr", "link-local" },
        { Pool("cidr: 'fe80::/64'"), "spec.cidr", "link-local" },
        { Pool("cidr: 'fd00::/64', blockSize: 26"), "spec.blockSize", "out of range for an IPv6 pool" },
        { Pool("cidr: 10.0.0.0/16, blockSize: 19"), "spec.blockSize", "out of range" },
        { Pool("cidr: nonsense"), "spec.cidr", "CIDR notation" },
        { Pool("cidr: 10.0.0.0/24, allowedUses: [LoadBalancer, Workload]"), "spec.allowedUses", "cannot be combined" },
        { Pool("cidr: 10.0.0.0/24, allowedUses: [LoadBalancer], vxlanMode: Always"), "spec.allowedUses", "cannot use VXLAN" },
        { Pool("cidr: 10.0.0.0/16, allowedUses: [Workload, Workload]"), "spec.allowedUses", "twice" },
        { "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: Bad_Name}\nspec: {cidr: 10.0.0.0/16}", "metadata.name", "not a valid name" },
        { "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p, namespace: x}\nspec: {cidr: 10.0.0.0/16}", "metadata.namespace", "not namespaced" },
        { "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p, labels: {'bad key!': x}}\nspec: {cidr: 10.0.0.0/16}", "metadata.labels.bad key!", "label key" },
        { Np("ingress: [{protocol: TCP}]"), "spec.ingress[0].action", "is required" },
        { Np("ingress: [{action: Allow, protocol: ICMP, destination: {ports: [80]}}]"), "spec.ingress[0].destination.ports[0]", "needs protocol TCP, UDP or SCTP" },
        { Np("ingress: [{action: Allow, protocol: UDPLite, destination: {ports: [http]}}]"), "spec.ingress[0].destination.ports[0]", "named port" },
        { Np("ingress: [{action: Allow, icmp: {type: 8}}]"), "spec.ingress[0].icmp", "need protocol ICMP or ICMPv6" },
        { Np("ingress: [{action: Allow, protocol: ICMP, icmp: {type: 255}}]"), "spec.ingress[0].icmp.type", "out of range" },
        { Np("ingress: [{action: Allow, protocol: ICMP, icmp: {type: 8, code: 256}}]"), "spec.ingress[0].icmp.code", "out of range" },
        { Np("ingress: [{action: Allow, protocol: ICMP, ipVersion: 6, icmp: {type: 8}}]"), "spec.ingress[0].icmp", "does not match ipVersion" },
        { Np("ingress: [{action: Allow, ipVersion: 5}]"), "spec.ingress[0].ipVersion", "must be 4 or 6" },
        { Np("ingress: [{action: Allow, ipVersion: 6, source: {nets: [10.0.0.0/8]}}]"), "spec.ingress[0].source.nets[0]", "IPv4 network" },
        { Np("ingress: [{action: Allow, source: {notNets: [0.0.0.0/0]}}]"), "spec.ingress[0].source.notNets[0]", "matches every address" },
        { Np("ingress: [{action: Allow, source: {nets: [not-a-net]}}]"), "spec.ingress[0].source.nets[0]", "not a valid IP" },
        { Np("ingress: [{action: Allow, source: {selector: 'a ==='}}]"), "spec.ingress[0].source.selector", "invalid selector" },
        { Np("ingress: [{action: Allow, source: {selector: global()}}]"), "spec.ingress[0].source.selector", "global()" },
        { Np("ingress: [{action: Allow, source: {services: {name: s}, selector: all()}}]"), "spec.ingress[0].source.services", "cannot be combined" },
        { Np("egress: [{action: Allow, destination: {services: {name: s}, ports: [http]}}]"), "spec.egress[0].destination.services", "ports cannot be combined" },
        { Np("egress: [{action: Allow, source: {services: {name: s}}}]"), "spec.egress[0].source.services", "may only be matched" },
        { Np("ingress: [{action: Deny, http: {methods: [GET]}}]"), "spec.ingress[0].http", "only allowed in Allow rules" },
        { Np("egress: [{action: Allow, http: {methods: [GET]}}]"), "spec.egress[0].http", "only allowed in ingress" },
        { Np("types: [Egress], ingress: [{action: Allow}]"), "spec.ingress", "does not include Ingress" },
        { Np("types: [Ingress, Ingress]"), "spec.types", "twice" },
        { Np("selector: all()", "a.b.c"), "metadata.name", "more than one dot" },
        { Np("tier: default", "security.x"), "metadata.name", "is in tier \"default\"" },
        { Np("tier: Bad.Tier"), "spec.tier", "not a valid name" },
        { Gnp("selector: all()", "knp.default.x"), "metadata.name", "reserved" },
        { Gnp("preDNAT: true, doNotTrack: true, applyOnForward: true"), "spec.preDNAT", "cannot both be true" },
        { Gnp("doNotTrack: true"), "spec.applyOnForward", "doNotTrack" },
        { Gnp("applyOnForward: true, preDNAT: true, egress: [{action: Allow}]"), "spec.egress", "ingress only" },
        { Gnp("namespaceSelector: global()"), "spec.namespaceSelector", "global()" },
        { "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: my.tier}\nspec: {}", "metadata.name", "no dots" },
        { "apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: {name: h}\nspec: {node: n1}", "spec.interfaceName", "expectedIPs is required" },
        { "apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: {name: h}\nspec: {interfaceName: eth0}", "spec.node", "is required" },
        { "apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: {name: h}\nspec: {node: n, interfaceName: eth0, ports: [{name: x, protocol: ICMP, port: 1}]}", "spec.ports[0].protocol", "TCP, UDP or SCTP" },
        { "apiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\nmetadata: {name: w}\nspec: {interfaceName: cali1234567890123}", "spec.interfaceName", "15 characters" },
        { "apiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\nmetadata: {name: w}\nspec: {ipNetworks: [10.0.0.0/24]}", "spec.ipNetworks[0]", "single address" },
        { "apiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\nmetadata: {name: w}\nspec: {mac: zz}", "spec.mac", "MAC" },
        { "apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: b}\nspec: {node: n1, nodeSelector: all()}", "spec.nodeSelector", "cannot both be set" },
        { "apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: b}\nspec: {peerIP: 10.0.0.1, peerSelector: all()}", "spec.peerSelector", "cannot both be set" },
        { "apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: b}\nspec: {asNumber: 1, peerSelector: all()}", "spec.asNumber", "cannot both be set" },
        { "apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: b}\nspec: {peerIP: 'not-an-ip'}", "spec.peerIP", "not IP" },
        { "apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata: {name: other}\nspec: {}", "metadata.name", "must be \"default\"" },
        { "apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata: {name: default}\nspec: {asNumber: 4294967296}", "spec.asNumber", "not an AS number" },
        { "apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\nspec: {routeRefreshInterval: soon}", "spec.routeRefreshInterval", "not a duration" },
        { "apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\nspec: {logSeverityScreen: Loud}", "spec.logSeverityScreen", "is not one of" },
        { "apiVersion: projectcalico.org/v3\nkind: ClusterInformation\nmetadata: {name: x}\nspec: {}", "metadata.name", "singleton" },
        { "apiVersion: projectcalico.org/v3\nkind: BlockAffinity\nmetadata: {name: x}\nspec: {state: weird, node: n, cidr: 10.0.0.0/26}", "spec.state", "pending, confirmed" },
        { "apiVersion: projectcalico.org/v3\nkind: NetworkSet\nmetadata: {name: s}\nspec: {nets: [bad]}", "spec.nets[0]", "not a valid IP" },
        { "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: k}\nspec: {podSelector: {}, ingress: [{ports: [{port: http, endPort: 90}]}]}", "spec.ingress[0].ports[0].endPort", "numeric port" },
        { "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: k}\nspec: {podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/8]}}]}]}", "spec.ingress[0].from[0].ipBlock.except[0]", "inside" },
        { "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: k}\nspec: {podSelector: {matchExpressions: [{key: a, operator: Equals}]}}", "spec.podSelector.matchExpressions[0].operator", "not In" },
        { "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, ports: [{containerPort: 0}]}]}", "spec.containers[0].ports[0].containerPort", "1 to 65535" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Validate_ValidResource_HasNoErrors(string yaml) => Assert.Empty(Validate(yaml));

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidResource_NamesFieldAndReason(string yaml, string field, string reason)
    {
        var errors = Validate(yaml);

        Assert.Contains(errors, e => e.FieldPath == field && e.Reason.Contains(reason, StringComparison.Ordinal));
    }
}
