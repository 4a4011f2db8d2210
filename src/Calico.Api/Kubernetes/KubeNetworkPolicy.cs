using System.Text.Json.Serialization;

namespace Calico.Api.Kubernetes;

/// <summary>A networking.k8s.io/v1 NetworkPolicy.</summary>
public sealed class KubeNetworkPolicy : Resource
{
    public KubeNetworkPolicySpec Spec { get; set; } = new();
}

public sealed class KubeNetworkPolicySpec
{
    public LabelSelector? PodSelector { get; set; }

    public List<KubeNetworkPolicyIngressRule>? Ingress { get; set; }

    public List<KubeNetworkPolicyEgressRule>? Egress { get; set; }

    public List<string>? PolicyTypes { get; set; }
}

public sealed class KubeNetworkPolicyIngressRule
{
    public List<KubeNetworkPolicyPort>? Ports { get; set; }

    public List<KubeNetworkPolicyPeer>? From { get; set; }
}

public sealed class KubeNetworkPolicyEgressRule
{
    public List<KubeNetworkPolicyPort>? Ports { get; set; }

    public List<KubeNetworkPolicyPeer>? To { get; set; }
}

public sealed class KubeNetworkPolicyPort
{
    public string? Protocol { get; set; }

    /// <summary>A number or a named port (int-or-string).</summary>
    public Values.IntOrString? Port { get; set; }

    public int? EndPort { get; set; }
}

public sealed class KubeNetworkPolicyPeer
{
    public LabelSelector? PodSelector { get; set; }

    public LabelSelector? NamespaceSelector { get; set; }

    [JsonPropertyName("ipBlock")]
    public IpBlock? IpBlock { get; set; }
}

public sealed class IpBlock
{
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }

    public List<string>? Except { get; set; }
}

public sealed class LabelSelector
{
    public SortedDictionary<string, string>? MatchLabels { get; set; }

    public List<LabelSelectorRequirement>? MatchExpressions { get; set; }
}

public sealed class LabelSelectorRequirement
{
    public string? Key { get; set; }

    public string? Operator { get; set; }

    public List<string>? Values { get; set; }
}
