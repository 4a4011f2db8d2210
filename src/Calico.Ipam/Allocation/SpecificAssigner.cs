using System.Net;
using Calico.Core;
using Calico.Ipam.Blocks;
using Calico.Ipam.Pools;

namespace Calico.Ipam.Allocation;

/// <summary>
/// Assigns one given address: finds its enabled pool and block, claims the block for the node if nobody has it, and
/// allocates the address (block + handle in one transaction) unless it is taken.
/// </summary>
internal sealed class SpecificAssigner(IpamDependencies deps, BlockClaimer claimer)
{
    public async ValueTask<AssignedAddress> AssignAsync(AssignIpRequest request, AllocationOwner owner, IReadOnlyList<PoolInfo> pools, IpamConfig config, CancellationToken ct)
    {
        var address = request.Address;
        var pool = pools.FirstOrDefault(p => p.Cidr.Contains(address) && p.Problem is null && !p.Disabled)
            ?? throw NotInPool(address, pools);
        var store = deps.Store;
        var cidr = await BlockForAsync(address, pool, ct).ConfigureAwait(false);
        var budget = deps.Budget($"assigning {address}");
        while (true)
        {
            if (await store.GetBlockAsync(cidr, ct).ConfigureAwait(false) is not { } stored)
            {
                if (await claimer.ClaimAsync(request.Node, cidr, ct).ConfigureAwait(false) == ClaimResult.Raced)
                {
                    await budget.WaitAsync(ct).ConfigureAwait(false);
                }

                continue;
            }

            var block = AllocationBlock.FromStored(stored);
            if (config.StrictAffinity && !block.IsAffineTo(request.Node))
            {
                throw new IpamException(IpamErrorKind.NotAffine,
                    $"cannot assign {address} to node \"{request.Node}\": strictAffinity is on and its block {cidr} is affine to {(block.AffinityNode is { } n ? $"node \"{n}\"" : "no node")}");
            }

            block.TryGetOrdinal(address, out var ordinal);
            var handle = HandleRecord.From(owner.HandleId, await store.GetHandleAsync(owner.HandleId, ct).ConfigureAwait(false));
            if (!block.TryAssign(ordinal, owner.HandleId, owner.Attributes))
            {
                throw new IpamException(IpamErrorKind.AddressInUse,
                    $"{address} is already assigned (handle \"{block.HandleAt(ordinal)}\", block {cidr})");
            }

            handle.Add(cidr, 1);
            if ((await store.TryCommitAsync([block.UpdateOp(), handle.WriteOp()!], ct).ConfigureAwait(false)).Committed)
            {
                return new AssignedAddress(address, cidr, pool.Name);
            }

            await budget.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The existing block holding the address, else the pool's block for it (which must not overlap another block).</summary>
    private async ValueTask<Cidr> BlockForAsync(IPAddress address, PoolInfo pool, CancellationToken ct)
    {
        var blocks = (await deps.Store.ListBlocksAsync(ct).ConfigureAwait(false))
            .Select(b => AddressExtensions.ParseStoredCidr(b.Resource.Spec.Cidr))
            .OfType<Cidr>()
            .ToList();
        if (blocks.Find(b => b.Contains(address)) is { Address: not null } holding)
        {
            return holding;
        }

        var cidr = address.BlockOf(pool.BlockSize);
        if (blocks.Find(b => b.Overlaps(cidr)) is { Address: not null } overlapping)
        {
            throw new IpamException(IpamErrorKind.AddressNotInPool,
                $"cannot assign {address}: its block {cidr} would overlap the existing block {overlapping} (the pool's blockSize changed?)");
        }

        return cidr;
    }

    private static IpamException NotInPool(IPAddress address, IReadOnlyList<PoolInfo> pools)
    {
        var disabled = pools.FirstOrDefault(p => p.Cidr.Contains(address));
        var why = disabled is null
            ? $"it is in no IPPool (pools: {(pools.Count == 0 ? "none" : string.Join(", ", pools.Select(p => $"{p.Name} ({p.Cidr})")))})"
            : $"its {disabled.Describe()} {(disabled.Disabled ? "is disabled" : $"is invalid: {disabled.Problem}")}";
        return new IpamException(IpamErrorKind.AddressNotInPool, $"cannot assign {address}: {why}");
    }
}
