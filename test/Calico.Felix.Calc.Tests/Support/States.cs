using Calico.Api;
using Calico.Api.Resources;
using static Calico.Felix.Calc.Tests.Support.Fixtures;

namespace Calico.Felix.Calc.Tests.Support;

/// <summary>
/// The base states (Felix's calc/states_for_test.go). The cluster has namespaces x, y, z and pods on this node
/// (<see cref="GraphHarness.Node"/>) and another; each further state adds one concern: Kubernetes and global policy,
/// tiers, a missing tier, network sets, profiles, host endpoints, and changes of labels, nodes and profiles.
/// </summary>
internal static class States
{
    private const string Here = GraphHarness.Node;
    private const string There = GraphHarness.OtherNode;

    /// <summary>Namespaces x (team=blue, env=prod), y (team=red, env=prod), z (team=blue, env=dev).</summary>
    public static IReadOnlyList<Resource> Namespaces(string xTeam = "blue", string zEnv = "dev") => Yaml($$$"""
        apiVersion: v1
        kind: Namespace
        metadata: {name: x, labels: {team: {{{xTeam}}}, env: prod}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: y, labels: {team: red, env: prod}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: z, labels: {team: blue, env: {{{zEnv}}}}}
        """);

    /// <summary>Service accounts web (role=frontend) and db (role=database) in x and y, web in z; z has no "default" one.</summary>
    public static IReadOnlyList<Resource> ServiceAccounts { get; } = Yaml("""
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: x, labels: {role: frontend}}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: db, namespace: x, labels: {role: database}}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: y, labels: {role: frontend}}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: db, namespace: y, labels: {role: database}}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: z, labels: {role: frontend}}
        """);

    public static WorkloadEndpoint XA { get; } = Pod("x", "a", Here, ["10.1.0.1/32"], "app=web", "web", ["http=tcp:8080", "metrics=tcp:9090"]);

    public static WorkloadEndpoint XB { get; } = Pod("x", "b", Here, ["10.1.0.2/32"], "app=db", "db", ["db=tcp:5432"]);

    public static WorkloadEndpoint XC { get; } = Pod("x", "c", There, ["10.1.0.3/32"], "app=web", "web", ["http=tcp:8081"]);

    public static WorkloadEndpoint YA { get; } = Pod("y", "a", Here, ["10.2.0.1/32"], "app=web", "web", ["http=tcp:8080", "dns=udp:53"]);

    public static WorkloadEndpoint YB { get; } = Pod("y", "b", There, ["10.2.0.2/32"], "app=db", "db", ["db=tcp:5432"]);

    /// <summary>Its service account profile <c>ksa.z.default</c> does not exist.</summary>
    public static WorkloadEndpoint ZA { get; } = Pod("z", "a", Here, ["10.3.0.1/32"], "app=client");

    /// <summary>Dual stack.</summary>
    public static WorkloadEndpoint ZB { get; } = Pod("z", "b", There, ["10.3.0.2/32", "fd00::3:2/128"], "app=web", "web", ["http=tcp:80", "dns=udp:53"]);

    /// <summary>Namespaces, service accounts and seven pods, four on this node.</summary>
    public static ClusterState Cluster { get; } = ClusterState.Empty.With("cluster", [.. Namespaces(), .. ServiceAccounts, XA, XB, XC, YA, YB, ZA, ZB]);

    /// <summary>
    /// Kubernetes policies: in x, web pods take http and 443 from blue-team clients and an ipBlock, and reach
    /// the db port of prod namespaces; y denies all ingress.
    /// </summary>
    public static IReadOnlyList<Resource> KubePolicies { get; } = Yaml("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-web, namespace: x}
        spec:
          podSelector: {matchLabels: {app: web}}
          policyTypes: [Ingress, Egress]
          ingress:
          - from:
            - podSelector: {matchLabels: {app: client}}
              namespaceSelector: {matchLabels: {team: blue}}
            - ipBlock: {cidr: 192.168.0.0/16, except: [192.168.1.0/24]}
            ports:
            - {port: http}
            - {protocol: TCP, port: 443}
          egress:
          - to:
            - namespaceSelector: {matchExpressions: [{key: env, operator: In, values: [prod]}]}
            ports:
            - {port: db}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all, namespace: y}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        """);

    /// <summary>
    /// A GlobalNetworkPolicy with namespaceSelector and serviceAccountSelector (database pods of blue namespaces),
    /// named ports in ports and notPorts, serviceAccounts in a rule.
    /// </summary>
    public static IReadOnlyList<Resource> GlobalPolicies { get; } = Yaml("""
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: db-access}
        spec:
          order: 50
          namespaceSelector: team == 'blue'
          serviceAccountSelector: role == 'database'
          ingress:
          - action: Allow
            protocol: TCP
            source: {selector: app == 'web', namespaceSelector: all()}
            destination: {ports: [db]}
          - action: Deny
            source:
              serviceAccounts: {names: [web]}
            destination: {notPorts: [http, 22]}
          egress:
          - action: Allow
            protocol: UDP
            destination: {selector: app == 'web', ports: [dns]}
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: web-egress}
        spec:
          selector: app == 'web'
          types: [Egress]
          egress:
          - action: Allow
            protocol: TCP
            destination: {selector: app == 'db', notSelector: projectcalico.org/namespace == 'y', ports: [db, 6379]}
          - action: Deny
            destination: {notSelector: app == 'web'}
        """);

    /// <summary>
    /// Tiers platform (50, Deny) and security (100, Pass); policies with equal orders in security (a GNP and a
    /// NetworkPolicy with the same name), an unordered and an ordered policy in default.
    /// </summary>
    public static IReadOnlyList<Resource> Tiers(double securityOrder = 100, string securityDefault = "Pass", string platformDefault = "Deny", double webOrder = 10) => Yaml($$$"""
        apiVersion: projectcalico.org/v3
        kind: Tier
        metadata: {name: security}
        spec: {order: {{{securityOrder}}}, defaultAction: {{{securityDefault}}}}
        ---
        apiVersion: projectcalico.org/v3
        kind: Tier
        metadata: {name: platform}
        spec: {order: 50, defaultAction: {{{platformDefault}}}}
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: security.p-all}
        spec:
          tier: security
          order: 10
          selector: all()
          types: [Ingress]
          ingress: [{action: Pass}]
        ---
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: security.p-all, namespace: x}
        spec:
          tier: security
          order: 10
          selector: all()
          ingress: [{action: Allow, source: {selector: app == 'client'}}]
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: security.p-web}
        spec:
          tier: security
          order: {{{webOrder}}}
          selector: app == 'web'
          ingress:
          - {action: Allow, protocol: TCP, source: {selector: app == 'client'}, destination: {ports: [http]}}
          egress:
          - {action: Deny, destination: {nets: [10.0.0.0/8], notPorts: [metrics]}}
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: platform.q}
        spec:
          tier: platform
          order: 5
          selector: has(app)
          egress:
          - {action: Allow, protocol: TCP, destination: {selector: app == 'db', ports: [db]}}
        ---
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: unordered, namespace: y}
        spec:
          selector: app == 'web'
          ingress: [{action: Allow}]
        ---
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: ordered, namespace: y}
        spec:
          order: 1
          selector: app == 'web'
          ingress: [{action: Allow}]
        """);

    /// <summary>Policies in tier "ghost", which does not exist: the db pods fail closed both ways, x's pods egress.</summary>
    public static IReadOnlyList<Resource> GhostPolicies { get; } = Yaml("""
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: ghost.g}
        spec:
          tier: ghost
          selector: app == 'db'
          types: [Ingress, Egress]
          ingress: [{action: Allow, source: {selector: app == 'client'}}]
        ---
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: ghost.h, namespace: x}
        spec:
          tier: ghost
          selector: all()
          types: [Egress]
        """);

    public static IReadOnlyList<Resource> GhostTier { get; } = Yaml("""
        apiVersion: projectcalico.org/v3
        kind: Tier
        metadata: {name: ghost}
        spec: {order: 10}
        """);

    /// <summary>
    /// Network sets as peers: x/partners and y/partners (role=partner; y's inherits pcns.team=red), the global set
    /// external (role=partner, kind=external, dual stack); rules select them by label, by namespace and by notSelector.
    /// </summary>
    public static IReadOnlyList<Resource> NetworkSets(string xNets = "[192.168.5.0/24, 10.9.9.9/32]", string externalRole = "partner") => Yaml($$$"""
        apiVersion: projectcalico.org/v3
        kind: NetworkSet
        metadata: {name: partners, namespace: x, labels: {role: partner}}
        spec: {nets: {{{xNets}}}}
        ---
        apiVersion: projectcalico.org/v3
        kind: NetworkSet
        metadata: {name: partners, namespace: y, labels: {role: partner}}
        spec: {nets: [172.16.0.0/12]}
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkSet
        metadata: {name: external, labels: {role: {{{externalRole}}}, kind: external}}
        spec: {nets: [203.0.113.0/24, '2001:db8::/32', 10.1.0.1]}
        """);

    public static IReadOnlyList<Resource> NetworkSetPolicies { get; } = Yaml("""
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: from-partners}
        spec:
          selector: app == 'web'
          ingress:
          - {action: Allow, source: {selector: role == 'partner'}}
          - {action: Deny, source: {notSelector: kind == 'external'}}
          - {action: Allow, source: {selector: role == 'partner', namespaceSelector: team == 'red'}}
          egress:
          - {action: Allow, destination: {selector: role == 'partner' && !has(kind)}}
        ---
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: partners-only, namespace: x}
        spec:
          selector: all()
          ingress:
          - {action: Allow, source: {selector: role == 'partner'}}
        """);

    /// <summary>A profile "shared" with labelsToApply, named by x/a (here) and y/b (there); x/b names a profile that never exists.</summary>
    public static IReadOnlyList<Resource> Profiles(string labels = "{shared: 'yes', app: overridden, grade: gold}", string ingressSelector = "grade == 'gold'") => [
        .. Yaml($$$"""
        apiVersion: projectcalico.org/v3
        kind: Profile
        metadata: {name: shared}
        spec:
          labelsToApply: {{{labels}}}
          ingress: [{action: Allow, source: {selector: {{{ingressSelector}}}}}]
          egress: [{action: Allow, protocol: TCP, destination: {selector: shared == 'yes', ports: [metrics]}}]
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: shared-policy}
        spec:
          selector: shared == 'yes' && grade == 'gold'
          ingress: [{action: Allow, source: {selector: app == 'overridden'}}]
        """),
        .. ProfilePodsList(),
    ];

    public static IEnumerable<Resource> ProfilePodsList() =>
    [
        Changed(XA, p => p.Spec.Profiles!.Add("shared")),
        Changed(YB, p => p.Spec.Profiles!.Add("shared")),
        Changed(XB, p => p.Spec.Profiles!.Add("missing")),
    ];

    /// <summary>
    /// Host endpoints: two on this node (eth0 with a profile and a named port, and "*"), one on the other node;
    /// untracked, pre-DNAT, forward and normal global policies for them.
    /// </summary>
    public static IReadOnlyList<Resource> Hosts(string eth0Labels = "{host: 'yes', role: gateway}", string otherNode = There, string forwardTypes = "[Egress]") => Yaml($$$"""
        apiVersion: projectcalico.org/v3
        kind: HostEndpoint
        metadata: {name: node-1-eth0, labels: {{{eth0Labels}}}}
        spec:
          node: {{{Here}}}
          interfaceName: eth0
          expectedIPs: [192.168.0.10]
          profiles: [hep-profile]
          ports: [{name: ssh, protocol: TCP, port: 22}]
        ---
        apiVersion: projectcalico.org/v3
        kind: HostEndpoint
        metadata: {name: node-1-all, labels: {host: 'yes'}}
        spec: {node: {{{Here}}}, interfaceName: '*', expectedIPs: [192.168.0.12]}
        ---
        apiVersion: projectcalico.org/v3
        kind: HostEndpoint
        metadata: {name: node-2-eth0, labels: {host: 'yes'}}
        spec:
          node: {{{otherNode}}}
          interfaceName: eth1
          expectedIPs: [192.168.0.11]
          ports: [{name: ssh, protocol: TCP, port: 2222}]
        ---
        apiVersion: projectcalico.org/v3
        kind: Profile
        metadata: {name: hep-profile}
        spec:
          labelsToApply: {zone: a}
          ingress: [{action: Allow}]
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: host-untracked}
        spec:
          selector: host == 'yes'
          doNotTrack: true
          applyOnForward: true
          ingress: [{action: Allow, source: {nets: [10.0.0.0/8]}}]
          egress: [{action: Allow}]
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: host-prednat}
        spec:
          selector: has(host)
          preDNAT: true
          applyOnForward: true
          ingress: [{action: Deny, source: {nets: [198.51.100.0/24]}}]
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: host-forward}
        spec:
          selector: host == 'yes'
          applyOnForward: true
          types: {{{forwardTypes}}}
          ingress: [{action: Allow}]
          egress: [{action: Allow, protocol: TCP, destination: {selector: has(host), ports: [ssh]}}]
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: host-normal}
        spec:
          selector: zone == 'a'
          ingress: [{action: Allow, source: {selector: role == 'gateway'}}]
        """);

    /// <summary>x/b becomes a web pod, y/a a client, z/a a web pod: endpoints move in and out of sets and policies.</summary>
    public static IReadOnlyList<Resource> RelabelledPods { get; } =
    [
        Changed(XB, p => p.Metadata.Labels = ParseLabels("app=web,extra=1")),
        Changed(YA, p => p.Metadata.Labels = ParseLabels("app=client")),
        Changed(ZA, p => p.Metadata.Labels = ParseLabels("app=web")),
    ];

    /// <summary>x/a moves to the other node, x/c and z/b (dual stack) to this one; y/a changes address.</summary>
    public static IReadOnlyList<Resource> MovedPods { get; } =
    [
        Changed(XA, p => p.Spec.Node = There),
        Changed(XC, p => p.Spec.Node = Here),
        Changed(ZB, p => p.Spec.Node = Here),
        Changed(YA, p => p.Spec.IpNetworks = ["10.2.0.9/32"]),
    ];
}
