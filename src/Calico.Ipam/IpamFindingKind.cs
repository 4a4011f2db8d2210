namespace Calico.Ipam;

/// <summary>What <see cref="IIpamClient.CheckAsync"/> found wrong.</summary>
public enum IpamFindingKind
{
    /// <summary>An address is allocated but no WorkloadEndpoint or Node uses it (releasable).</summary>
    LeakedAllocation,

    /// <summary>An address is used by a WorkloadEndpoint or Node, but allocated to a handle that belongs to someone else.</summary>
    AllocationOwnerMismatch,

    /// <summary>An allocation names a handle whose IPAMHandle does not exist.</summary>
    AllocationWithoutHandle,

    /// <summary>An IPAMHandle has no allocation in any block (releasable).</summary>
    HandleWithoutAllocation,

    /// <summary>An IPAMHandle's per-block counts differ from the blocks' allocations.</summary>
    HandleCountMismatch,

    /// <summary>An address is allocated in two blocks (overlapping blocks).</summary>
    DuplicateAllocation,

    /// <summary>An address is used by more than one WorkloadEndpoint or Node.</summary>
    AddressWithMultipleOwners,

    /// <summary>A WorkloadEndpoint or Node uses an address inside a pool that IPAM has not allocated.</summary>
    EndpointAddressNotAllocated,

    /// <summary>A BlockAffinity whose block does not exist or is affine to another node (releasable).</summary>
    AffinityWithoutBlock,

    /// <summary>A block affine to a node with no BlockAffinity for it (releasable: the affinity is recreated).</summary>
    BlockWithoutAffinity,
}
