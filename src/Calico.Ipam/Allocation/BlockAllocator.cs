using System.Net;
using Calico.Core;
using Calico.Ipam.Blocks;

namespace Calico.Ipam.Allocation;

/// <summary>
/// Takes free addresses from one block for one handle. The block update and the handle update are one transaction,
/// conditional on both revisions read, so an address is either allocated and counted on its handle, or neither; a lost
/// race re-reads both and tries again.
/// </summary>
internal sealed class BlockAllocator(IpamDependencies deps)
{
    /// <summary>Allocates up to <paramref name="count"/> addresses; fewer (or none) when the block fills up or stops being usable.</summary>
    /// <param name="cidr">The block.</param>
    /// <param name="count">How many addresses at most.</param>
    /// <param name="owner">Handle and attributes.</param>
    /// <param name="usable">Checked on every read of the block (e.g. "still affine to this node").</param>
    /// <param name="current">The block as the caller just read it, used for the first attempt; null to read it.</param>
    /// <param name="ct">Cancels the operation.</param>
    public async ValueTask<List<IPAddress>> AllocateAsync(Cidr cidr, int count, AllocationOwner owner, Func<AllocationBlock, bool> usable, AllocationBlock? current, CancellationToken ct)
    {
        var store = deps.Store;
        var budget = deps.Budget($"allocating from block {cidr}");
        while (true)
        {
            var block = current;
            current = null;
            if (block is null)
            {
                if (await store.GetBlockAsync(cidr, ct).ConfigureAwait(false) is not { } stored)
                {
                    return [];
                }

                block = AllocationBlock.FromStored(stored);
            }

            if (block.FreeCount == 0 || !usable(block))
            {
                return [];
            }

            var handle = HandleRecord.From(owner.HandleId, await store.GetHandleAsync(owner.HandleId, ct).ConfigureAwait(false));
            var ordinals = block.TakeFree(count, owner.HandleId, owner.Attributes);
            handle.Add(cidr, ordinals.Count);
            var outcome = await store.TryCommitAsync([block.UpdateOp(), handle.WriteOp()!], ct).ConfigureAwait(false);
            if (outcome.Committed)
            {
                return ordinals.Select(block.AddressAt).ToList();
            }

            await budget.WaitAsync(ct).ConfigureAwait(false);
        }
    }
}
