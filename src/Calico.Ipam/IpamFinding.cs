namespace Calico.Ipam;

/// <summary>
/// One problem found by <see cref="IIpamClient.CheckAsync"/>, with what <see cref="IIpamClient.ReleaseFromReportAsync"/>
/// needs to repair it safely (the resource's revision and the allocation's sequence number at check time).
/// </summary>
public sealed record IpamFinding
{
    /// <summary>What is wrong.</summary>
    public IpamFindingKind Kind { get; init; }

    /// <summary>A sentence for the user.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>The address concerned, if any.</summary>
    public string? Address { get; init; }

    /// <summary>The handle concerned, if any.</summary>
    public string? HandleId { get; init; }

    /// <summary>The block (CIDR) concerned, if any.</summary>
    public string? Block { get; init; }

    /// <summary>The node concerned, if any.</summary>
    public string? Node { get; init; }

    /// <summary>The resource concerned (IPAMHandle or BlockAffinity name), if any.</summary>
    public string? Resource { get; init; }

    /// <summary>That resource's revision at check time.</summary>
    public long? Revision { get; init; }

    /// <summary>For an allocation: its sequence number at check time.</summary>
    public long? SequenceNumber { get; init; }

    /// <summary>Who uses the address (e.g. "Workload(ns/name)", "Node(name)").</summary>
    public IReadOnlyList<string>? Owners { get; init; }

    /// <summary>True when <see cref="IIpamClient.ReleaseFromReportAsync"/> repairs this kind of finding.</summary>
    public bool IsReleasable => Kind is IpamFindingKind.LeakedAllocation or IpamFindingKind.HandleWithoutAllocation
        or IpamFindingKind.AffinityWithoutBlock or IpamFindingKind.BlockWithoutAffinity;
}
