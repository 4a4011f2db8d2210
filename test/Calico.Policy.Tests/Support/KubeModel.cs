using Calico.Api;
using Calico.Api.Conversion;
using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Api.Values;
using Calico.Policy.Reachability;

namespace Calico.Policy.Tests.Support;

/// <summary>
/// The Kubernetes network policy e2e model: namespaces x, y, z (label ns=&lt;name&gt;), pods a, b, c in each
/// (label pod=&lt;name&gt;, service account sa-&lt;pod&gt;, named ports serve-80-tcp, serve-81-tcp, serve-80-udp,
/// serve-81-udp), pod IP 10.0.&lt;ns index&gt;.&lt;pod index&gt; (x=1, a=1). Service accounts carry role labels:
/// sa-a role=web, sa-b role=client, sa-c role=db.
/// </summary>
internal static class KubeModel
{
    public static readonly string[] Namespaces = ["x", "y", "z"];

    public static readonly string[] Pods = ["a", "b", "c"];

    public static readonly IReadOnlyList<string> Names = [.. Namespaces.SelectMany(ns => Pods.Select(pod => $"{ns}/{pod}"))];

    public static readonly IReadOnlyList<Probe> Probes = [Probe.Tcp(80), Probe.Tcp(81), Probe.Udp(80), Probe.Udp(81)];

    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal) { ["a"] = "web", ["b"] = "client", ["c"] = "db" };

    public static string Ip(string ns, string pod) => $"10.0.{Array.IndexOf(Namespaces, ns) + 1}.{Array.IndexOf(Pods, pod) + 1}";

    /// <summary>Namespaces, service accounts and workload endpoints; <paramref name="extraProfilesForX"/> go first in x's pods' profiles.</summary>
    public static List<Resource> Cluster(IReadOnlyList<string>? extraProfilesForX = null)
    {
        var resources = new List<Resource>();
        foreach (var ns in Namespaces)
        {
            resources.Add(new KubeNamespace
            {
                ApiVersion = "v1",
                Kind = "Namespace",
                Metadata = new() { Name = ns, Labels = new(StringComparer.Ordinal) { ["ns"] = ns, ["kubernetes.io/metadata.name"] = ns } },
            });
            foreach (var pod in Pods)
            {
                resources.Add(new KubeServiceAccount
                {
                    ApiVersion = "v1",
                    Kind = "ServiceAccount",
                    Metadata = new() { Name = $"sa-{pod}", Namespace = ns, Labels = new(StringComparer.Ordinal) { ["role"] = Roles[pod] } },
                });
                var profiles = new List<string>();
                if (ns == "x" && extraProfilesForX is not null)
                {
                    profiles.AddRange(extraProfilesForX);
                }

                profiles.Add(KubeProfileConverter.NamespaceProfileName(ns));
                profiles.Add(KubeProfileConverter.ServiceAccountProfileName(ns, $"sa-{pod}"));
                resources.Add(Workload(ns, pod, profiles));
            }
        }

        return resources;
    }

    public static WorkloadEndpoint Workload(string ns, string pod, List<string> profiles, string? node = null) => new()
    {
        ApiVersion = ResourceKinds.CalicoApiVersion,
        Kind = "WorkloadEndpoint",
        Metadata = new()
        {
            Name = $"{node ?? "node-" + ns}-k8s-{pod}-eth0",
            Namespace = ns,
            Labels = new(StringComparer.Ordinal) { ["pod"] = pod, [WellKnownLabels.Namespace] = ns, [WellKnownLabels.Orchestrator] = "k8s" },
        },
        Spec = new WorkloadEndpointSpec
        {
            Orchestrator = "k8s",
            Node = node ?? "node-" + ns,
            Pod = pod,
            Endpoint = "eth0",
            ServiceAccountName = $"sa-{pod}",
            IpNetworks = [Ip(ns, pod) + "/32"],
            Profiles = profiles,
            InterfaceName = $"cali{ns}{pod}",
            Ports =
            [
                new EndpointPort { Name = "serve-80-tcp", Protocol = Protocol.Tcp, Port = 80 },
                new EndpointPort { Name = "serve-81-tcp", Protocol = Protocol.Tcp, Port = 81 },
                new EndpointPort { Name = "serve-80-udp", Protocol = Protocol.Udp, Port = 80 },
                new EndpointPort { Name = "serve-81-udp", Protocol = Protocol.Udp, Port = 81 },
            ],
        },
    };

    /// <summary>Resources written as YAML (one or more documents).</summary>
    public static IReadOnlyList<Resource> Yaml(string yaml) =>
        [.. ResourceCodec.Decode(yaml, "test").Select(d => d.Resource)];

    /// <summary>The model over the cluster plus <paramref name="yaml"/>.</summary>
    public static PolicyModel Model(string yaml, IReadOnlyList<string>? extraProfilesForX = null)
    {
        var resources = Cluster(extraProfilesForX);
        if (!string.IsNullOrWhiteSpace(yaml))
        {
            resources.AddRange(Yaml(yaml));
        }

        return PolicyModel.Create(resources);
    }

    /// <summary>The matrix the model computes for the nine pods.</summary>
    public static ReachabilityMatrix Actual(PolicyModel model, IReadOnlyList<Probe>? probes = null)
    {
        var endpoints = Namespaces.SelectMany(ns => Pods.Select(pod => model.Snapshot.Workload(ns, pod))).ToList();
        return ReachabilityMatrix.Compute(model.Evaluator, endpoints, probes ?? Probes);
    }

    /// <summary>An expected matrix for the nine pods, in compact form.</summary>
    public static ReachabilityMatrix Expected(string text, IReadOnlyList<Probe>? probes = null) =>
        ReachabilityMatrix.Parse(Names, probes ?? Probes, text);
}
