using System.Text.Json.Serialization;

namespace Calico.Api.Resources;

public sealed class BlockAffinity : Resource
{
    public BlockAffinitySpec Spec { get; set; } = new();
}

public sealed class BlockAffinitySpec
{
    /// <summary>pending, confirmed or pendingDeletion.</summary>
    public string? State { get; set; }

    public string? Node { get; set; }

    public string? Type { get; set; }

    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }

    public bool? Deleted { get; set; }
}
