using System.Net;
using Calico.Core;

namespace Calico.Ipam;

/// <summary>
/// Calico's IP address management over an <see cref="Datastore.IDatastore"/>: addresses are handed out from blocks
/// (IPAMBlock) cut from IP pools, each block affine to one node (BlockAffinity), and every allocation is recorded
/// against a handle (IPAMHandle) so that it can be released as a unit.
/// </summary>
/// <remarks>
/// <para>
/// Every write is a compare-and-swap on the revision read (or a create that fails if the resource exists), and a block
/// change is committed in the same transaction as the change to the handle it affects. Any number of clients, in one
/// process or many (for example several processes on one SQLite file), may run at once: a lost race is re-read and
/// retried with jittered back-off, and an address is never given out twice.
/// </para>
/// <para>
/// All members throw <see cref="IpamException"/> for failures a caller can act on (its <see cref="IpamException.Kind"/>
/// classifies them, e.g. for CNI error codes), <see cref="ArgumentException"/> for malformed requests, and
/// <see cref="OperationCanceledException"/> when <c>ct</c> is cancelled. Implementations are thread-safe.
/// </para>
/// </remarks>
public interface IIpamClient
{
    /// <summary>
    /// Assigns <see cref="AutoAssignRequest.Num4"/> IPv4 and <see cref="AutoAssignRequest.Num6"/> IPv6 addresses to
    /// the request's handle on its node. Order: free addresses in the node's affine blocks; then a newly claimed block
    /// (BlockAffinity pending → IPAMBlock created → BlockAffinity confirmed) unless
    /// <c>IPAMConfiguration.autoAllocateBlocks</c> is false or the node has <c>maxBlocksPerHost</c> blocks; then,
    /// unless <c>strictAffinity</c>, free addresses in other nodes' blocks (borrowing).
    /// </summary>
    /// <remarks>
    /// Only pools that are enabled, allow <see cref="AutoAssignRequest.Use"/> and whose <c>nodeSelector</c> matches the
    /// Node resource's labels (no Node: no labels) are used; named pools (<see cref="AutoAssignRequest.IPv4Pools"/>)
    /// restrict the choice to those pools. All or nothing: when the request cannot be met in full, the addresses this
    /// call assigned are released again before the exception is thrown.
    /// </remarks>
    /// <returns>The assigned addresses, IPv4 and IPv6 separately, each with its block and pool.</returns>
    /// <exception cref="IpamException">
    /// <see cref="IpamErrorKind.NoMatchingPool"/> (the message names every pool and why it was excluded),
    /// <see cref="IpamErrorKind.PoolsExhausted"/> (names the pools), <see cref="IpamErrorKind.BlockLimitReached"/>,
    /// <see cref="IpamErrorKind.DatastoreUnavailable"/>, <see cref="IpamErrorKind.TooManyConflicts"/>.
    /// </exception>
    public ValueTask<AutoAssignResult> AutoAssignAsync(AutoAssignRequest request, CancellationToken ct = default);

    /// <summary>
    /// Assigns one given address (e.g. from a pod's <c>cni.projectcalico.org/ipAddrs</c> annotation) to a handle.
    /// The address must lie in an enabled pool; its block is claimed for the node if it does not exist yet.
    /// </summary>
    /// <exception cref="IpamException">
    /// <see cref="IpamErrorKind.AddressInUse"/> (already assigned; the message names the holder's handle),
    /// <see cref="IpamErrorKind.AddressNotInPool"/>, <see cref="IpamErrorKind.NotAffine"/> (strictAffinity and the
    /// block belongs to another node), or a datastore kind.
    /// </exception>
    public ValueTask<AssignedAddress> AssignIpAsync(AssignIpRequest request, CancellationToken ct = default);

    /// <summary>
    /// Releases every address held by <paramref name="handleId"/> and deletes the handle. Releasing an unknown handle
    /// succeeds and releases nothing (a CNI DEL of something never added).
    /// </summary>
    /// <returns>The addresses released.</returns>
    public ValueTask<IReadOnlyList<IPAddress>> ReleaseByHandleAsync(string handleId, CancellationToken ct = default);

    /// <summary>
    /// Releases individual addresses. A request that names a handle or a sequence number releases the address only if
    /// its allocation still has that handle and sequence number (so stale information never frees an address that was
    /// given to someone else since); otherwise the address is reported as mismatched and left alone.
    /// </summary>
    /// <returns>Which addresses were released, which were not assigned, and which did not match.</returns>
    public ValueTask<IpReleaseResult> ReleaseIpsAsync(IReadOnlyList<IpReleaseRequest> requests, CancellationToken ct = default);

    /// <summary>Who holds <paramref name="address"/>: handle, attributes, block and the block's node.</summary>
    /// <returns>The allocation, or <see langword="null"/> if the address is not assigned.</returns>
    public ValueTask<AllocationInfo?> GetAllocationAsync(IPAddress address, CancellationToken ct = default);

    /// <summary>
    /// Address usage per pool (size, blocks, allocated) and per block (node, size, allocated), plus blocks that lie in
    /// no pool.
    /// </summary>
    public ValueTask<IpamUsage> GetUsageAsync(CancellationToken ct = default);

    /// <summary>
    /// Checks IPAM's consistency against the resources that use addresses: allocations no WorkloadEndpoint or Node
    /// uses (leaks), endpoint addresses with no allocation, addresses allocated or used twice, blocks and affinities
    /// that do not match, handles with no allocation and allocations with no handle.
    /// </summary>
    /// <returns>A report whose JSON form (<see cref="IpamCheckReport.ToJson"/>) <see cref="ReleaseFromReportAsync"/> consumes.</returns>
    public ValueTask<IpamCheckReport> CheckAsync(CancellationToken ct = default);

    /// <summary>
    /// Repairs what a report lists as releasable: releases leaked allocations, deletes handles with no allocation and
    /// affinities with no block, and recreates the affinity of a block that lost it. Each finding is checked again
    /// first, and each write is conditional on what was checked, so a stale report never frees an address that is now
    /// in use or was given out again since (those are reported as skipped).
    /// </summary>
    public ValueTask<ReportReleaseResult> ReleaseFromReportAsync(IpamCheckReport report, CancellationToken ct = default);

    /// <summary>
    /// Releases <paramref name="node"/>'s block affinities (for example when the node is removed): each affinity goes
    /// to pendingDeletion, then an empty block is deleted, a block still holding addresses loses its affinity (its
    /// addresses stay allocated), and the affinity is deleted.
    /// </summary>
    /// <param name="node">The node.</param>
    /// <param name="requireEmpty">Only release blocks that hold no address.</param>
    /// <param name="ct">Cancels the operation.</param>
    /// <returns>The blocks whose affinity was released.</returns>
    public ValueTask<IReadOnlyList<Cidr>> ReleaseAffinitiesAsync(string node, bool requireEmpty, CancellationToken ct = default);
}
