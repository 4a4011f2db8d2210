using System.Text.Json.Serialization;

namespace Calico.Api.Resources;

public sealed class ClusterInformation : Resource
{
    public ClusterInformationSpec Spec { get; set; } = new();
}

public sealed class ClusterInformationSpec
{
    [JsonPropertyName("clusterGUID")]
    public string? ClusterGuid { get; set; }

    public string? ClusterType { get; set; }

    public string? CalicoVersion { get; set; }

    public bool? DatastoreReady { get; set; }

    public string? Variant { get; set; }
}
