namespace Calico.Api.Metadata;

/// <summary>The metadata every resource carries (Kubernetes ObjectMeta, the fields Calico uses).</summary>
public sealed class ObjectMeta
{
    public string? Name { get; set; }

    public string? GenerateName { get; set; }

    public string? Namespace { get; set; }

    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }

    public long? Generation { get; set; }

    public string? CreationTimestamp { get; set; }

    public string? DeletionTimestamp { get; set; }

    public SortedDictionary<string, string>? Labels { get; set; }

    public SortedDictionary<string, string>? Annotations { get; set; }
}
