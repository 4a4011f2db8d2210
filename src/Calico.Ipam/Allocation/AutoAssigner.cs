using Calico.Core;
using Calico.Ipam.Blocks;
using Calico.Ipam.Pools;
using Calico.Ipam.Retry;

namespace Calico.Ipam.Allocation;

/// <summary>
/// Calico's auto-assignment for one family:
/// <code>
///  node's affinities (usable pools) ──settle──▶ affine block with space? ──yes──▶ allocate (block + handle, one txn)
///        │ all full                                                              │
///        ▼                                                                       ▼ more needed
///  autoAllocateBlocks and under maxBlocksPerHost? ──yes──▶ claim unclaimed block ──▶ (loop: it is now affine)
///        │ no / pools full
///        ▼
///  strictAffinity? ──no──▶ borrow from other nodes' blocks with space
/// </code>
/// </summary>
internal sealed class AutoAssigner(IpamDependencies deps, BlockAllocator allocator, BlockClaimer claimer)
{
    /// <summary>Assigns up to <paramref name="count"/> addresses, appending each to <paramref name="assigned"/> as soon as it is committed.</summary>
    /// <exception cref="IpamException"><see cref="IpamErrorKind.BlockLimitReached"/> when a new block is needed but the node has its limit.</exception>
    public async ValueTask AssignAsync(AssignmentPlan plan, int count, List<AssignedAddress> assigned, CancellationToken ct)
    {
        var target = assigned.Count + count;
        await FromAffineBlocksAsync(plan, target, assigned, ct).ConfigureAwait(false);
        if (assigned.Count < target && !plan.Config.StrictAffinity)
        {
            await BorrowAsync(plan, target, assigned, ct).ConfigureAwait(false);
        }
    }

    private async ValueTask FromAffineBlocksAsync(AssignmentPlan plan, int target, List<AssignedAddress> assigned, CancellationToken ct)
    {
        var store = deps.Store;
        var budget = deps.Budget($"assigning {plan.Version} addresses on node \"{plan.Node}\"");
        var deferred = new HashSet<Cidr>();
        while (assigned.Count < target)
        {
            var affinities = (await store.ListAffinitiesAsync(ct).ConfigureAwait(false))
                .Select(AffinityRecord.From)
                .OfType<AffinityRecord>()
                .Where(a => string.Equals(a.Node, plan.Node, StringComparison.Ordinal) && a.Cidr.Family == plan.Family && plan.PoolOf(a.Cidr) is not null)
                .OrderBy(a => plan.PoolOf(a.Cidr)!.Value.Rank)
                .ThenBy(a => a.Cidr.Start())
                .ToList();

            var raced = false;
            var owned = 0;
            foreach (var affinity in affinities)
            {
                var stored = await store.GetBlockAsync(affinity.Cidr, ct).ConfigureAwait(false);
                var block = stored is null ? null : AllocationBlock.FromStored(stored);
                if (block is null || !affinity.IsConfirmed || !block.IsAffineTo(plan.Node))
                {
                    // A claim to finish, an affinity to confirm, or a stale one to drop.
                    var settled = await claimer.SettleAsync(affinity, stored, ct).ConfigureAwait(false);
                    if (settled != ClaimResult.Ready)
                    {
                        raced |= settled == ClaimResult.Raced;
                        continue;
                    }

                    block = null;
                }

                owned++;
                if (block is { FreeCount: 0 })
                {
                    continue;
                }

                var pool = plan.PoolOf(affinity.Cidr)!.Value.Pool;
                var got = await allocator.AllocateAsync(affinity.Cidr, target - assigned.Count, plan.Owner, b => b.IsAffineTo(plan.Node), block, ct).ConfigureAwait(false);
                assigned.AddRange(got.Select(a => new AssignedAddress(a, affinity.Cidr, pool.Name)));
                if (assigned.Count >= target)
                {
                    return;
                }
            }

            if (raced)
            {
                await budget.WaitAsync(ct).ConfigureAwait(false);
                continue;
            }

            if (!plan.Config.AutoAllocateBlocks)
            {
                return;
            }

            if (plan.MaxBlocks > 0 && owned >= plan.MaxBlocks)
            {
                throw new IpamException(IpamErrorKind.BlockLimitReached,
                    $"node \"{plan.Node}\" needs a new {plan.Version} block but already has {owned} (maxBlocksPerHost is {plan.MaxBlocks}) and they are full; assigned {assigned.Count} of {target}");
            }

            var known = affinities.Select(a => a.Cidr).ToHashSet();
            if (!await ClaimNewBlockAsync(plan, known, deferred, budget, ct).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Claims a block no one has; false when every usable pool is fully divided into blocks. If, meanwhile, another
    /// request on this node claimed a block with space (one not among <paramref name="known"/>), it uses that instead
    /// (once per block), so concurrent requests on one node share a new block rather than each claiming one.
    /// </summary>
    private async ValueTask<bool> ClaimNewBlockAsync(AssignmentPlan plan, HashSet<Cidr> known, HashSet<Cidr> deferred, RetryBudget budget, CancellationToken ct)
    {
        var stored = await deps.Store.ListBlocksAsync(ct).ConfigureAwait(false);
        var blocks = new List<Cidr>(stored.Count);
        foreach (var item in stored)
        {
            var block = AllocationBlock.FromStored(item);
            blocks.Add(block.Cidr);
            if (block.IsAffineTo(plan.Node) && block.FreeCount > 0 && !known.Contains(block.Cidr) && plan.PoolOf(block.Cidr) is not null && deferred.Add(block.Cidr))
            {
                return true;
            }
        }

        foreach (var pool in plan.Pools)
        {
            if (UnclaimedBlockFinder.Find(pool, blocks, plan.Node) is not { } cidr)
            {
                continue;
            }

            if (await claimer.ClaimAsync(plan.Node, cidr, ct).ConfigureAwait(false) != ClaimResult.Ready)
            {
                // Another node won the block, or a claim on this node is half-way: look again after a pause.
                await budget.WaitAsync(ct).ConfigureAwait(false);
            }

            return true;
        }

        return false;
    }

    private async ValueTask BorrowAsync(AssignmentPlan plan, int target, List<AssignedAddress> assigned, CancellationToken ct)
    {
        var candidates = (await deps.Store.ListBlocksAsync(ct).ConfigureAwait(false))
            .Select(AllocationBlock.FromStored)
            .Where(b => b.Cidr.Family == plan.Family && b.FreeCount > 0 && !b.IsAffineTo(plan.Node) && plan.PoolOf(b.Cidr) is not null)
            .OrderBy(b => plan.PoolOf(b.Cidr)!.Value.Rank)
            .ThenBy(b => b.Cidr.Start())
            .ToList();
        foreach (var block in candidates)
        {
            var pool = plan.PoolOf(block.Cidr)!.Value.Pool;
            var got = await allocator.AllocateAsync(block.Cidr, target - assigned.Count, plan.Owner, _ => true, block, ct).ConfigureAwait(false);
            assigned.AddRange(got.Select(a => new AssignedAddress(a, block.Cidr, pool.Name)));
            if (assigned.Count >= target)
            {
                return;
            }
        }
    }
}
