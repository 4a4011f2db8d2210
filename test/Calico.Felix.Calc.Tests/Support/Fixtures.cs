using Calico.Api;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Api.Values;

namespace Calico.Felix.Calc.Tests.Support;

/// <summary>Resource builders for the states: YAML for policy and the like, a builder for the many pods.</summary>
internal static class Fixtures
{
    /// <summary>Resources written as YAML (one or more documents).</summary>
    public static IReadOnlyList<Resource> Yaml(string yaml) =>
        [.. ResourceCodec.Decode(yaml, "fixture").Select(d => d.Resource)];

    /// <summary>The one resource of a YAML document.</summary>
    public static T One<T>(string yaml)
        where T : Resource => (T)Yaml(yaml).Single();

    /// <summary>
    /// A Kubernetes pod's workload endpoint <c>k8s-&lt;pod&gt;-eth0</c> in <paramref name="ns"/>, naming the profiles
    /// <c>kns.&lt;ns&gt;</c> and <c>ksa.&lt;ns&gt;.&lt;sa&gt;</c> (then <paramref name="extraProfiles"/>); ports are
    /// <c>name=proto:number</c>.
    /// </summary>
    public static WorkloadEndpoint Pod(
        string ns,
        string pod,
        string node,
        string[] ips,
        string labels,
        string serviceAccount = "default",
        string[]? ports = null,
        string[]? extraProfiles = null) => new()
        {
            ApiVersion = ResourceKinds.CalicoApiVersion,
            Kind = "WorkloadEndpoint",
            Metadata = new()
            {
                Name = $"k8s-{pod}-eth0",
                Namespace = ns,
                Labels = ParseLabels(labels),
            },
            Spec = new WorkloadEndpointSpec
            {
                Orchestrator = "k8s",
                Node = node,
                Pod = pod,
                Endpoint = "eth0",
                ServiceAccountName = serviceAccount,
                IpNetworks = [.. ips],
                Profiles = [$"kns.{ns}", $"ksa.{ns}.{serviceAccount}", .. extraProfiles ?? []],
                InterfaceName = $"cali{ns}{pod}",
                Ports = [.. (ports ?? []).Select(ParsePort)],
            },
        };

    /// <summary>A copy of <paramref name="resource"/> changed by <paramref name="change"/> (the original is left alone).</summary>
    public static T Changed<T>(T resource, Action<T> change)
        where T : Resource
    {
        var copy = ResourceCodec.Clone(resource);
        change(copy);
        return copy;
    }

    /// <summary><c>a=b,c=d</c> as a label map.</summary>
    public static SortedDictionary<string, string> ParseLabels(string labels)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in labels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            result[pair[..equals]] = pair[(equals + 1)..];
        }

        return result;
    }

    private static EndpointPort ParsePort(string text)
    {
        // name=proto:number
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var protocol = text[(equals + 1)..colon] switch
        {
            "udp" => Protocol.Udp,
            "sctp" => Protocol.Sctp,
            _ => Protocol.Tcp,
        };
        return new EndpointPort { Name = text[..equals], Protocol = protocol, Port = int.Parse(text[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture) };
    }
}
