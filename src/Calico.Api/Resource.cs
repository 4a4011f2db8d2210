using System.Text.Json.Serialization;
using Calico.Api.Metadata;

namespace Calico.Api;

/// <summary>A resource as users write it: apiVersion, kind, metadata and (in subclasses) spec.</summary>
public abstract class Resource
{
    [JsonPropertyOrder(-3)]
    public string? ApiVersion { get; set; }

    [JsonPropertyOrder(-2)]
    public string? Kind { get; set; }

    [JsonPropertyOrder(-1)]
    public ObjectMeta Metadata { get; set; } = new();

    [JsonIgnore]
    public string Name => Metadata.Name ?? string.Empty;

    [JsonIgnore]
    public string? Namespace => Metadata.Namespace;
}
