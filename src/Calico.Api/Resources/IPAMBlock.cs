using System.Text.Json.Serialization;

namespace Calico.Api.Resources;

/// <summary>A block of addresses cut from a pool; allocations[i] indexes attributes, null = free.</summary>
public sealed class IPAMBlock : Resource
{
    public IPAMBlockSpec Spec { get; set; } = new();
}

public sealed class IPAMBlockSpec
{
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }

    public string? Affinity { get; set; }

    public string? AffinityClaimTime { get; set; }

    public bool? StrictAffinity { get; set; }

    public List<int?>? Allocations { get; set; }

    public List<int>? Unallocated { get; set; }

    public List<AllocationAttribute>? Attributes { get; set; }

    public long? SequenceNumber { get; set; }

    public SortedDictionary<string, long>? SequenceNumberForAllocation { get; set; }

    public bool? Deleted { get; set; }
}

public sealed class AllocationAttribute
{
    [JsonPropertyName("handle_id")]
    public string? HandleId { get; set; }

    public SortedDictionary<string, string>? Secondary { get; set; }
}
