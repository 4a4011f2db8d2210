using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Calico.Api;
using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Api.Values;

namespace Calico.Felix.ClusterGenerator;

/// <summary>
/// The synthetic cluster, computed from a <see cref="ClusterShape"/>: which endpoint lives where and carries which
/// labels, and the resources to store. Endpoint <c>e</c> is in namespace <c>e % namespaces</c>; its <c>app</c>, and
/// from it its <c>tier</c>, cycle inside the namespace; the measured node's endpoints are a seeded random sample.
/// </summary>
/// <remarks>
/// Namespaced policy <c>j</c> lives in namespace <c>j % namespaces</c> and uses template <c>(j / namespaces) % 5</c>,
/// so with the default sizes every namespace has one of each:
/// <list type="number">
/// <item>NetworkPolicy <c>allow-frontend-N</c>: all() ← tier == frontend on 80/443/8080, ← app on named port http.</item>
/// <item>NetworkPolicy <c>backend-N</c>: tier == backend ← app in another team's namespaces on 8080 and named port
/// metrics; → tier == db on 5432; → DNS.</item>
/// <item>Kubernetes NetworkPolicy <c>knp-db-N</c>: tier=db ← app In (two apps) on 5432, ← tier=backend in env=prod
/// namespaces on named port metrics.</item>
/// <item>NetworkPolicy <c>monitoring-N</c>: app ← role == monitoring (NetworkSets) on named port metrics; → role ==
/// monitoring on 9090, → 172.16.0.0/12 except one /24.</item>
/// <item>Kubernetes NetworkPolicy <c>knp-app-N</c>: app=X ← version=v2 in one tenant's namespaces on 8080, ← an ipBlock.</item>
/// </list>
/// Global policies cycle through: egress deny to the metadata address; ingress to frontends from a load-balancer
/// range; team-scoped ingress from an app in one tenant; backend/db ingress from monitoring on named port metrics.
/// </remarks>
internal sealed class ClusterModel
{
    private const uint PoolBase = 0x0A40_0000; // 10.64.0.0/10
    private readonly ClusterShape _shape;
    private readonly bool[] _local;
    private readonly int[] _node;
    private readonly string _created = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public ClusterModel(ClusterShape shape)
    {
        _shape = shape;
        _local = new bool[shape.Endpoints];
        _node = new int[shape.Endpoints];
        var random = new Random(shape.Seed);
        var order = Enumerable.Range(0, shape.Endpoints).ToArray();
        for (var i = 0; i < shape.Local; i++)
        {
            var pick = random.Next(i, order.Length);
            (order[i], order[pick]) = (order[pick], order[i]);
            _local[order[i]] = true;
        }

        for (var e = 0; e < shape.Endpoints; e++)
        {
            _node[e] = _local[e] ? 0 : 1 + random.Next(shape.Nodes - 1);
        }
    }

    public ClusterShape Shape => _shape;

    public static string NamespaceName(int n) => string.Create(CultureInfo.InvariantCulture, $"ns-{n:D4}");

    public string NodeName(int n) => n == 0 ? _shape.NodeName : string.Create(CultureInfo.InvariantCulture, $"node-{n:D3}");

    public bool IsLocal(int e) => _local[e];

    public int NamespaceOf(int e) => e % _shape.Namespaces;

    public int AppOf(int e) => e / _shape.Namespaces % ClusterShape.AppsPerNamespace;

    public string TierOf(int e) => ClusterShape.Tiers[AppOf(e) % ClusterShape.Tiers.Count];

    public string PodName(int e) => string.Create(CultureInfo.InvariantCulture, $"app-{AppOf(e)}-{e:x6}");

    public string EndpointName(int e) => WorkloadEndpointName(NodeName(_node[e]), PodName(e));

    /// <summary>Calico's WorkloadEndpoint name: node-orchestrator-pod-endpoint, each '-' inside a part doubled.</summary>
    public static string WorkloadEndpointName(string node, string pod) =>
        $"{node.Replace("-", "--", StringComparison.Ordinal)}-k8s-{pod.Replace("-", "--", StringComparison.Ordinal)}-eth0";

    /// <summary>The host-side interface name Calico's CNI plugin gives a pod: cali + 11 hex digits of sha1("ns.pod").</summary>
    public static string InterfaceName(string ns, string pod) =>
        "cali" + Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{ns}.{pod}")))[..11];

    public static string Address(int e)
    {
        var value = PoolBase + (uint)e + 1;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]).ToString();
    }

    public IEnumerable<Resource> Infrastructure()
    {
        yield return new IPPool
        {
            Metadata = Meta("default-ipv4-ippool", null, null),
            Spec = new IPPoolSpec { Cidr = "10.64.0.0/10", BlockSize = 26, NatOutgoing = true, IpipMode = EncapMode.Never, VxlanMode = EncapMode.Never },
        };
        for (var n = 0; n < _shape.Nodes; n++)
        {
            var name = NodeName(n);
            yield return new Node
            {
                Metadata = Meta(name, null, Labels(("kubernetes.io/hostname", name), ("kubernetes.io/os", "linux"))),
                Spec = new NodeSpec
                {
                    Bgp = new NodeBgpSpec { Ipv4Address = string.Create(CultureInfo.InvariantCulture, $"192.168.{n / 250}.{(n % 250) + 1}/16") },
                    OrchRefs = [new OrchRef { NodeName = name, Orchestrator = "k8s" }],
                },
            };
        }
    }

    public IEnumerable<Resource> Namespaces()
    {
        for (var n = 0; n < _shape.Namespaces; n++)
        {
            var name = NamespaceName(n);
            yield return new KubeNamespace
            {
                Metadata = Meta(name, null, Labels(
                    ("kubernetes.io/metadata.name", name),
                    ("team", Team(n)),
                    ("env", ClusterShape.Environments[n % ClusterShape.Environments.Count]),
                    ("tenant", Tenant(n / ClusterShape.NamespacesPerTenant)))),
            };
            yield return new KubeServiceAccount { Metadata = Meta("default", name, null) };
        }
    }

    public IEnumerable<Resource> NetworkSets()
    {
        for (var n = 0; n < _shape.Namespaces; n += ClusterShape.NamespacesPerNetworkSet)
        {
            var block = 0xAC10_0000u + ((uint)n * 32); // two /28s each inside 172.16.0.0/12
            yield return new NetworkSet
            {
                Metadata = Meta("monitoring", NamespaceName(n), Labels(("role", "monitoring"))),
                Spec = new NetworkSetSpec { Nets = [Cidr(block, 28), Cidr(block + 16, 28)] },
            };
        }

        for (var g = 0; g < ClusterShape.GlobalNetworkSets; g++)
        {
            var role = g % 2 == 0 ? "monitoring" : "external";
            yield return new GlobalNetworkSet
            {
                Metadata = Meta(string.Create(CultureInfo.InvariantCulture, $"{role}-{g}"), null, Labels(("role", role))),
                Spec = new NetworkSetSpec { Nets = [Cidr(0xC612_0000u + ((uint)g << 8), 24)] }, // 198.18.g.0/24
            };
        }
    }

    public WorkloadEndpoint Endpoint(int e)
    {
        var ns = NamespaceName(NamespaceOf(e));
        var pod = PodName(e);
        var tier = TierOf(e);
        var ports = new List<EndpointPort> { new() { Name = "http", Protocol = Protocol.Tcp, Port = 8080 } };
        if (!string.Equals(tier, "frontend", StringComparison.Ordinal))
        {
            ports.Add(new EndpointPort { Name = "metrics", Protocol = Protocol.Tcp, Port = 9090 });
        }

        return new WorkloadEndpoint
        {
            Metadata = Meta(EndpointName(e), ns, Labels(
                ("app", string.Create(CultureInfo.InvariantCulture, $"app-{AppOf(e)}")),
                ("tier", tier),
                ("version", e / (_shape.Namespaces * ClusterShape.AppsPerNamespace) % 2 == 0 ? "v1" : "v2"))),
            Spec = new WorkloadEndpointSpec
            {
                Orchestrator = "k8s",
                Node = NodeName(_node[e]),
                ContainerId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pod))),
                Pod = pod,
                Endpoint = "eth0",
                ServiceAccountName = "default",
                IpNetworks = [Address(e) + "/32"],
                Profiles = ["kns." + ns, $"ksa.{ns}.default"],
                InterfaceName = InterfaceName(ns, pod),
                Mac = string.Create(CultureInfo.InvariantCulture, $"0a:58:{(e >> 24) & 0xff:x2}:{(e >> 16) & 0xff:x2}:{(e >> 8) & 0xff:x2}:{e & 0xff:x2}"),
                Ports = ports,
            },
        };
    }

    /// <summary>Policy <paramref name="j"/> of <see cref="ClusterShape.Policies"/>: namespaced ones first, then global ones.</summary>
    public Resource Policy(int j)
    {
        if (j >= _shape.NamespacedPolicies)
        {
            return GlobalPolicy(j - _shape.NamespacedPolicies);
        }

        var n = j % _shape.Namespaces;
        var q = j / _shape.Namespaces;
        var ns = NamespaceName(n);
        var app = App((n + q) % ClusterShape.AppsPerNamespace);
        var nextApp = App((n + q + 1) % ClusterShape.AppsPerNamespace);
        var team = Team((n * 7) + q);
        var order = 100 + q;
        return (q % 5) switch
        {
            0 => new NetworkPolicy
            {
                Metadata = Meta(PolicyName("allow-frontend", q), ns, null),
                Spec = new NetworkPolicySpec
                {
                    Order = order,
                    Selector = "all()",
                    Types = [PolicyType.Ingress],
                    Ingress =
                    [
                        Allow(Protocol.Tcp, new EntityRule { Selector = "tier == 'frontend'" }, new EntityRule { Ports = [Port.Single(80), Port.Single(443), Port.Single(8080)] }),
                        Allow(Protocol.Tcp, new EntityRule { Selector = $"app == '{app}'" }, new EntityRule { Ports = [Port.Named("http")] }),
                    ],
                },
            },
            1 => new NetworkPolicy
            {
                Metadata = Meta(PolicyName("backend", q), ns, null),
                Spec = new NetworkPolicySpec
                {
                    Order = order,
                    Selector = "tier == 'backend'",
                    Types = [PolicyType.Ingress, PolicyType.Egress],
                    Ingress =
                    [
                        Allow(Protocol.Tcp, new EntityRule { NamespaceSelector = $"team == '{team}'", Selector = $"app == '{app}'" },
                            new EntityRule { Ports = [Port.Single(8080), Port.Named("metrics")] }),
                    ],
                    Egress =
                    [
                        Allow(Protocol.Tcp, null, new EntityRule { Selector = "tier == 'db'", Ports = [Port.Single(5432)] }),
                        Allow(Protocol.Udp, null, new EntityRule { Nets = ["10.96.0.10/32"], Ports = [Port.Single(53)] }),
                    ],
                },
            },
            2 => new KubeNetworkPolicy
            {
                Metadata = Meta(PolicyName("knp-db", q), ns, null),
                Spec = new KubeNetworkPolicySpec
                {
                    PodSelector = new LabelSelector { MatchLabels = Labels(("tier", "db")) },
                    PolicyTypes = ["Ingress"],
                    Ingress =
                    [
                        new KubeNetworkPolicyIngressRule
                        {
                            From = [new KubeNetworkPolicyPeer { PodSelector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "app", Operator = "In", Values = [app, nextApp] }] } }],
                            Ports = [new KubeNetworkPolicyPort { Protocol = "TCP", Port = new IntOrString(5432, null) }],
                        },
                        new KubeNetworkPolicyIngressRule
                        {
                            From = [new KubeNetworkPolicyPeer { NamespaceSelector = new LabelSelector { MatchLabels = Labels(("env", "prod")) }, PodSelector = new LabelSelector { MatchLabels = Labels(("tier", "backend")) } }],
                            Ports = [new KubeNetworkPolicyPort { Protocol = "TCP", Port = new IntOrString(null, "metrics") }],
                        },
                    ],
                },
            },
            3 => new NetworkPolicy
            {
                Metadata = Meta(PolicyName("monitoring", q), ns, null),
                Spec = new NetworkPolicySpec
                {
                    Order = order,
                    Selector = $"app == '{app}'",
                    Types = [PolicyType.Ingress, PolicyType.Egress],
                    Ingress = [Allow(Protocol.Tcp, new EntityRule { Selector = "role == 'monitoring'" }, new EntityRule { Ports = [Port.Named("metrics")] })],
                    Egress =
                    [
                        Allow(Protocol.Tcp, null, new EntityRule { Selector = "role == 'monitoring'", Ports = [Port.Single(9090)] }),
                        Allow(null, null, new EntityRule { Nets = ["172.16.0.0/12"], NotNets = [Cidr(0xAC10_0000u + ((uint)(n % 4096) << 8), 24)] }),
                    ],
                },
            },
            _ => new KubeNetworkPolicy
            {
                Metadata = Meta(PolicyName("knp-app", q), ns, null),
                Spec = new KubeNetworkPolicySpec
                {
                    PodSelector = new LabelSelector { MatchLabels = Labels(("app", app)) },
                    PolicyTypes = ["Ingress"],
                    Ingress =
                    [
                        new KubeNetworkPolicyIngressRule
                        {
                            From =
                            [
                                new KubeNetworkPolicyPeer { NamespaceSelector = new LabelSelector { MatchLabels = Labels(("tenant", Tenant((n + (q * 13)) % _shape.Tenants))) }, PodSelector = new LabelSelector { MatchLabels = Labels(("version", "v2")) } },
                                new KubeNetworkPolicyPeer { IpBlock = new IpBlock { Cidr = "172.16.0.0/12", Except = [Cidr(0xAC10_0000u + ((uint)(n % 4096) << 8), 24)] } },
                            ],
                            Ports = [new KubeNetworkPolicyPort { Protocol = "TCP", Port = new IntOrString(8080, null) }],
                        },
                    ],
                },
            },
        };
    }

    /// <summary>The index of namespace <paramref name="n"/>'s <c>allow-frontend-0</c> policy, or -1 if the shape has none.</summary>
    public int AllowFrontendPolicyIndex(int n) => n < _shape.NamespacedPolicies ? n : -1;

    private GlobalNetworkPolicy GlobalPolicy(int g)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{(g % 4) switch { 0 => "deny-metadata", 1 => "lb-ingress", 2 => "team-ingress", _ => "monitoring-ingress" }}-{g}");
        var spec = (g % 4) switch
        {
            0 => new GlobalNetworkPolicySpec
            {
                Order = 10 + g,
                Selector = "all()",
                Types = [PolicyType.Egress],
                Egress = [new Rule { Action = RuleAction.Deny, Destination = new EntityRule { Nets = ["169.254.169.254/32"] } }],
            },
            1 => new GlobalNetworkPolicySpec
            {
                Order = 10 + g,
                Selector = "tier == 'frontend'",
                Types = [PolicyType.Ingress],
                Ingress = [Allow(Protocol.Tcp, new EntityRule { Nets = [Cidr(0xC0A8_0000u + ((uint)(g % 256) << 8), 24)] }, new EntityRule { Ports = [Port.Single(80), Port.Single(443)] })],
            },
            2 => new GlobalNetworkPolicySpec
            {
                Order = 10 + g,
                Selector = "has(app)",
                NamespaceSelector = $"team == '{Team(g)}'",
                Types = [PolicyType.Ingress],
                Ingress =
                [
                    Allow(Protocol.Tcp, new EntityRule { NamespaceSelector = $"tenant == '{Tenant(g % _shape.Tenants)}'", Selector = $"app == '{App(g % ClusterShape.AppsPerNamespace)}' && version == 'v1'" },
                        new EntityRule { Ports = [Port.Single(8080)] }),
                ],
            },
            _ => new GlobalNetworkPolicySpec
            {
                Order = 10 + g,
                Selector = "tier in {'backend', 'db'}",
                Types = [PolicyType.Ingress],
                Ingress = [Allow(Protocol.Tcp, new EntityRule { Selector = "role == 'monitoring'" }, new EntityRule { Ports = [Port.Named("metrics")] })],
            },
        };
        return new GlobalNetworkPolicy { Metadata = Meta(name, null, null), Spec = spec };
    }

    private static Rule Allow(Protocol? protocol, EntityRule? source, EntityRule? destination) =>
        new() { Action = RuleAction.Allow, Protocol = protocol, Source = source, Destination = destination };

    private static string PolicyName(string stem, int q) => string.Create(CultureInfo.InvariantCulture, $"{stem}-{q}");

    private static string App(int k) => string.Create(CultureInfo.InvariantCulture, $"app-{k}");

    private static string Team(int n) => string.Create(CultureInfo.InvariantCulture, $"team-{n % ClusterShape.Teams}");

    private static string Tenant(int t) => string.Create(CultureInfo.InvariantCulture, $"t-{t}");

    private static string Cidr(uint address, int prefix) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xff}.{(address >> 8) & 0xff}.{address & 0xff}/{prefix}");

    private static SortedDictionary<string, string> Labels(params (string Key, string Value)[] labels)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            result[key] = value;
        }

        return result;
    }

    private Calico.Api.Metadata.ObjectMeta Meta(string name, string? ns, SortedDictionary<string, string>? labels) => new()
    {
        Name = name,
        Namespace = ns,
        Labels = labels,
        Uid = Guid.NewGuid().ToString(),
        CreationTimestamp = _created,
    };
}
