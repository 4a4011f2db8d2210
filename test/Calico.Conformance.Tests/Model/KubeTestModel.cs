using System.Globalization;
using System.Net;
using System.Text;
using Calico.Conformance.Tests.Probing;
using Calico.Policy.Reachability;

namespace Calico.Conformance.Tests.Model;

/// <summary>
/// The Kubernetes network policy test model, as upstream's e2e suite builds it: namespaces x, y, z (labels
/// <c>ns=&lt;name&gt;</c> and <c>kubernetes.io/metadata.name=&lt;name&gt;</c>), pods a, b, c in each (label
/// <c>pod=&lt;name&gt;</c>, named ports serve-80-tcp, serve-81-tcp, serve-80-udp, serve-81-udp, and serve-80-sctp,
/// serve-81-sctp when the kernel has SCTP), each pod with its own service account sa-&lt;pod&gt; carrying a role label
/// (sa-a role=web, sa-b role=client, sa-c role=db). Every pod serves TCP 80/81, UDP 80/81 and UDP 53 (for DNS egress
/// scenarios), plus SCTP 80/81 when available. The lab's node1 and its underlay serve TCP 22, 80 and 179 for host
/// endpoint scenarios.
/// </summary>
public static class KubeTestModel
{
    public const string NodeName = "node1";
    public const string UnderlayName = "underlay";

    public static readonly string[] Namespaces = ["x", "y", "z"];

    public static readonly string[] Pods = ["a", "b", "c"];

    /// <summary>x/a, x/b, ..., z/c: the rows and columns of every matrix.</summary>
    public static readonly IReadOnlyList<string> PodNames = [.. Namespaces.SelectMany(ns => Pods.Select(pod => $"{ns}/{pod}"))];

    /// <summary>The lab's default IP pool (every pod address is in it).</summary>
    public const string PoolCidr = "192.168.0.0/16";

    /// <summary>The underlay's address (the node's gateway) and node1's (calico-lab's fixed addressing).</summary>
    public static readonly IPAddress UnderlayAddress = IPAddress.Parse("198.18.0.1");

    public static readonly IPAddress NodeAddress = IPAddress.Parse("198.18.0.11");

    /// <summary>The probes of a scenario that names none: TCP and UDP 80 and 81, and SCTP 80 and 81 if the kernel has SCTP.</summary>
    public static IReadOnlyList<Probe> StandardProbes { get; } = ProtocolSupport.SctpAvailable
        ? [Probe.Tcp(80), Probe.Tcp(81), Probe.Udp(80), Probe.Udp(81), Probe.Sctp(80), Probe.Sctp(81)]
        : [Probe.Tcp(80), Probe.Tcp(81), Probe.Udp(80), Probe.Udp(81)];

    /// <summary>What every pod listens on.</summary>
    public static IReadOnlyList<Probe> PodListenPorts { get; } = [.. StandardProbes, Probe.Udp(53)];

    /// <summary>What node1 and the underlay listen on (failsafe tcp:22 and tcp:179, and tcp:80, which is not failsafe).</summary>
    public static IReadOnlyList<Probe> HostListenPorts { get; } = [Probe.Tcp(22), Probe.Tcp(80), Probe.Tcp(179)];

    public static string ServiceAccount(string pod) => $"sa-{pod}";

    public static string Role(string pod) => pod switch
    {
        "a" => "web",
        "b" => "client",
        _ => "db",
    };

    /// <summary>The pod's named ports for <c>calico-lab pod add --ports</c>.</summary>
    public static string NamedPorts => string.Join(',', StandardProbes.Select(p =>
    {
        var protocol = p.ToString().Split('/')[0];
        return $"serve-{p.Port.ToString(CultureInfo.InvariantCulture)}-{protocol}={p.Port.ToString(CultureInfo.InvariantCulture)}/{protocol.ToUpperInvariant()}";
    }));

    /// <summary>The namespaces and service accounts, with their labels, written before the pods.</summary>
    public static string ClusterYaml()
    {
        var yaml = new StringBuilder();
        foreach (var ns in Namespaces)
        {
            yaml.Append($"""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: {ns}
                  labels:
                    ns: {ns}
                    kubernetes.io/metadata.name: {ns}
                ---

                """);
            foreach (var pod in Pods)
            {
                yaml.Append($"""
                    apiVersion: v1
                    kind: ServiceAccount
                    metadata:
                      name: {ServiceAccount(pod)}
                      namespace: {ns}
                      labels:
                        role: {Role(pod)}
                    ---

                    """);
            }
        }

        return yaml.ToString();
    }
}
