using System.Text.Json.Serialization;

namespace Calico.Api.Kubernetes;

/// <summary>A Kubernetes v1 Pod, the fields the network plugin reads.</summary>
public sealed class KubePod : Resource
{
    public KubePodSpec Spec { get; set; } = new();

    public KubePodStatus? Status { get; set; }
}

public sealed class KubePodSpec
{
    public string? NodeName { get; set; }

    public string? ServiceAccountName { get; set; }

    public bool? HostNetwork { get; set; }

    public List<KubeContainer>? Containers { get; set; }
}

public sealed class KubeContainer
{
    public string? Name { get; set; }

    public string? Image { get; set; }

    public List<string>? Command { get; set; }

    public List<string>? Args { get; set; }

    public List<KubeContainerPort>? Ports { get; set; }
}

public sealed class KubeContainerPort
{
    public string? Name { get; set; }

    public int? ContainerPort { get; set; }

    public string? Protocol { get; set; }

    public int? HostPort { get; set; }

    [JsonPropertyName("hostIP")]
    public string? HostIp { get; set; }
}

public sealed class KubePodStatus
{
    public string? Phase { get; set; }

    [JsonPropertyName("podIP")]
    public string? PodIp { get; set; }

    [JsonPropertyName("podIPs")]
    public List<KubePodIp>? PodIps { get; set; }

    [JsonPropertyName("hostIP")]
    public string? HostIp { get; set; }
}

public sealed class KubePodIp
{
    [JsonPropertyName("ip")]
    public string? Ip { get; set; }
}
