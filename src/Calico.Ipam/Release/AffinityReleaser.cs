using Calico.Core;
using Calico.Datastore;
using Calico.Ipam.Blocks;
using Calico.Ipam.Store;

namespace Calico.Ipam.Release;

/// <summary>
/// Releases a node's block affinities in Calico's order: the affinity goes to <c>pendingDeletion</c>; then, in one
/// transaction conditional on both revisions, an empty block is deleted (a block still holding addresses loses its
/// affinity instead) and the affinity is deleted. A crash in between leaves a pendingDeletion affinity whose block is
/// still affine to the node, which a later release finishes (or an allocation on the node confirms again).
/// </summary>
internal sealed class AffinityReleaser(IpamDependencies deps)
{
    public async ValueTask<IReadOnlyList<Cidr>> ReleaseAsync(string node, bool requireEmpty, CancellationToken ct)
    {
        var store = deps.Store;
        var affinities = (await store.ListAffinitiesAsync(ct).ConfigureAwait(false))
            .Select(AffinityRecord.From)
            .OfType<AffinityRecord>()
            .Where(a => string.Equals(a.Node, node, StringComparison.Ordinal))
            .ToList();
        var released = new List<Cidr>();
        foreach (var affinity in affinities)
        {
            if (await ReleaseOneAsync(affinity, requireEmpty, ct).ConfigureAwait(false))
            {
                released.Add(affinity.Cidr);
            }
        }

        return released;
    }

    private async ValueTask<bool> ReleaseOneAsync(AffinityRecord first, bool requireEmpty, CancellationToken ct)
    {
        var store = deps.Store;
        var budget = deps.Budget($"releasing the affinity of node \"{first.Node}\" to {first.Cidr}");
        var affinity = first;
        while (true)
        {
            var storedBlock = await store.GetBlockAsync(affinity.Cidr, ct).ConfigureAwait(false);
            var block = storedBlock is null ? null : AllocationBlock.FromStored(storedBlock);
            if (block is not null && requireEmpty && block.IsAffineTo(affinity.Node) && !block.IsEmpty)
            {
                return false;
            }

            if (!string.Equals(affinity.State, IpamNames.StatePendingDeletion, StringComparison.Ordinal))
            {
                var marked = await store.TryCommitAsync([affinity.WithStateOp(IpamNames.StatePendingDeletion)], ct).ConfigureAwait(false);
                if (!marked.Committed)
                {
                    if (!await RereadAsync().ConfigureAwait(false))
                    {
                        return false;
                    }

                    continue;
                }

                affinity = affinity with { State = IpamNames.StatePendingDeletion, Revision = marked.Results[0].Revision };
            }

            var ops = new List<TransactionOp>();
            if (block is not null && block.IsAffineTo(affinity.Node))
            {
                if (block.IsEmpty)
                {
                    ops.Add(block.DeleteOp());
                }
                else
                {
                    block.ClearAffinity();
                    ops.Add(block.UpdateOp());
                }
            }

            ops.Add(affinity.DeleteOp());
            if ((await store.TryCommitAsync(ops, ct).ConfigureAwait(false)).Committed)
            {
                return true;
            }

            if (!await RereadAsync().ConfigureAwait(false))
            {
                return false;
            }
        }

        async ValueTask<bool> RereadAsync()
        {
            await budget.WaitAsync(ct).ConfigureAwait(false);
            if (await store.GetAffinityAsync(affinity.Name, ct).ConfigureAwait(false) is { } again && AffinityRecord.From(again) is { } record)
            {
                affinity = record;
                return true;
            }

            return false;
        }
    }
}
