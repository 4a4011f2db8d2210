using Calico.Core;
using Calico.Ipam.Blocks;
using Calico.Ipam.Store;

namespace Calico.Ipam.Allocation;

/// <summary>
/// Claims blocks for a node, in Calico's protocol: create the BlockAffinity as <c>pending</c> (create-if-absent), then
/// in one transaction create the IPAMBlock with <c>affinity: host:&lt;node&gt;</c> (create-if-absent: exactly one node
/// wins a block) and move the affinity to <c>confirmed</c> (conditional on its revision). A crash between the two
/// leaves a pending affinity without a block, which the node's next request completes and the check reports.
/// </summary>
internal sealed class BlockClaimer(IpamDependencies deps)
{
    /// <summary>Claims <paramref name="cidr"/> for <paramref name="node"/>, or joins a claim of it already under way on this node.</summary>
    public async ValueTask<ClaimResult> ClaimAsync(string node, Cidr cidr, CancellationToken ct)
    {
        var store = deps.Store;
        var pending = AffinityRecord.Build(node, cidr, IpamNames.StatePending);
        var created = await store.TryCommitAsync([IpamStore.Create(pending)], ct).ConfigureAwait(false);
        if (created.Committed)
        {
            var record = new AffinityRecord(pending.Name, node, cidr, IpamNames.StatePending, created.Results[0].Revision);
            return await SettleAsync(record, await store.GetBlockAsync(cidr, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        }

        // The affinity exists: another request on this node (or a crashed one) is claiming the same block.
        if (await store.GetAffinityAsync(pending.Name, ct).ConfigureAwait(false) is { } existing && AffinityRecord.From(existing) is { } current)
        {
            return await SettleAsync(current, await store.GetBlockAsync(cidr, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        }

        return ClaimResult.Raced;
    }

    /// <summary>
    /// Brings a node's affinity to a usable state: creates its block if missing, confirms it if pending (or
    /// pendingDeletion, as Calico does), or deletes it if the block belongs to someone else.
    /// </summary>
    /// <param name="affinity">The affinity as read.</param>
    /// <param name="stored">Its block as read after the affinity, or null when it does not exist.</param>
    /// <param name="ct">Cancels the operation.</param>
    public async ValueTask<ClaimResult> SettleAsync(AffinityRecord affinity, Stored<Api.Resources.IPAMBlock>? stored, CancellationToken ct)
    {
        var store = deps.Store;
        if (stored is null)
        {
            var block = AllocationBlock.CreateNew(affinity.Cidr, affinity.Node, deps.Time.GetUtcNow());
            var claimed = await store.TryCommitAsync([block.CreateOp(), affinity.WithStateOp(IpamNames.StateConfirmed)], ct).ConfigureAwait(false);
            return claimed.Committed ? ClaimResult.Ready : ClaimResult.Raced;
        }

        var existing = AllocationBlock.FromStored(stored);
        if (!existing.IsAffineTo(affinity.Node))
        {
            // Someone else won this block (or its affinity was released): the affinity is stale.
            await store.TryCommitAsync([affinity.DeleteOp()], ct).ConfigureAwait(false);
            return ClaimResult.Lost;
        }

        if (affinity.IsConfirmed)
        {
            return ClaimResult.Ready;
        }

        // Confirm, and write the block in the same transaction so it must still be affine to us at that revision.
        var confirmed = await store.TryCommitAsync([affinity.WithStateOp(IpamNames.StateConfirmed), existing.UpdateOp()], ct).ConfigureAwait(false);
        return confirmed.Committed ? ClaimResult.Ready : ClaimResult.Raced;
    }
}
