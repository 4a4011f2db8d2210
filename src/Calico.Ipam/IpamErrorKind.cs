namespace Calico.Ipam;

/// <summary>
/// What went wrong, so callers can react without parsing messages. Suggested CNI error codes (CNI spec §Error):
/// <see cref="DatastoreUnavailable"/>, <see cref="DatastoreNotReady"/> and <see cref="TooManyConflicts"/> → 11 (try again later);
/// <see cref="InvalidRequest"/> → 7 (invalid network configuration); the others → plugin codes ≥ 100.
/// </summary>
public enum IpamErrorKind
{
    /// <summary>The request is malformed, or names a pool that does not exist.</summary>
    InvalidRequest,

    /// <summary>No pool may be used for this request; the message lists each pool and why it was excluded.</summary>
    NoMatchingPool,

    /// <summary>The usable pools have no free address left for this node; the message names them.</summary>
    PoolsExhausted,

    /// <summary>The node holds <c>maxBlocksPerHost</c> blocks, all full.</summary>
    BlockLimitReached,

    /// <summary>A specific address is already assigned.</summary>
    AddressInUse,

    /// <summary>A specific address lies in no enabled pool.</summary>
    AddressNotInPool,

    /// <summary>strictAffinity is on and a specific address lies in a block affine to another node.</summary>
    NotAffine,

    /// <summary>The datastore cannot be reached (or stayed locked beyond its timeout).</summary>
    DatastoreUnavailable,

    /// <summary>The datastore holds something IPAM cannot read, or failed in an unexpected way.</summary>
    DatastoreError,

    /// <summary>
    /// The datastore is locked for a migration (ClusterInformation <c>datastoreReady: false</c>); nothing was written.
    /// Retry after <c>calicoctl datastore migrate unlock</c>.
    /// </summary>
    DatastoreNotReady,

    /// <summary>Every retry lost a race with other writers; try again later.</summary>
    TooManyConflicts,
}
