using System.Text.Json.Serialization;

namespace Calico.Api.Resources;

public sealed class IPAMHandle : Resource
{
    public IPAMHandleSpec Spec { get; set; } = new();
}

public sealed class IPAMHandleSpec
{
    [JsonPropertyName("handleID")]
    public string? HandleId { get; set; }

    public SortedDictionary<string, int>? Block { get; set; }

    public bool? Deleted { get; set; }
}
