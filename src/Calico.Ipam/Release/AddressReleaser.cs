using System.Net;
using Calico.Core;
using Calico.Datastore;
using Calico.Ipam.Blocks;

namespace Calico.Ipam.Release;

/// <summary>
/// Releases individual addresses, block by block: the block update and the updates of every handle that loses an
/// address are one transaction. A request naming a handle or sequence number only releases a matching allocation.
/// </summary>
internal sealed class AddressReleaser(IpamDependencies deps)
{
    public async ValueTask<IpReleaseResult> ReleaseAsync(IReadOnlyList<IpReleaseRequest> requests, CancellationToken ct)
    {
        var released = new List<IPAddress>();
        var notAssigned = new List<IPAddress>();
        var mismatched = new List<IPAddress>();
        var blocks = (await deps.Store.ListBlocksAsync(ct).ConfigureAwait(false))
            .Select(b => AddressExtensions.ParseStoredCidr(b.Resource.Spec.Cidr))
            .OfType<Cidr>()
            .ToList();

        var byBlock = new Dictionary<Cidr, List<IpReleaseRequest>>();
        foreach (var request in requests)
        {
            var holder = blocks.Where(b => b.Contains(request.Address)).Select(b => (Cidr?)b).FirstOrDefault();
            if (holder is not { } cidr)
            {
                notAssigned.Add(request.Address);
                continue;
            }

            if (!byBlock.TryGetValue(cidr, out var list))
            {
                byBlock[cidr] = list = [];
            }

            list.Add(request);
        }

        foreach (var (cidr, list) in byBlock)
        {
            var outcome = await ReleaseInBlockAsync(cidr, list, ct).ConfigureAwait(false);
            released.AddRange(outcome.Released);
            notAssigned.AddRange(outcome.NotAssigned);
            mismatched.AddRange(outcome.Mismatched);
        }

        return new IpReleaseResult(released, notAssigned, mismatched);
    }

    private async ValueTask<IpReleaseResult> ReleaseInBlockAsync(Cidr cidr, List<IpReleaseRequest> requests, CancellationToken ct)
    {
        var store = deps.Store;
        var budget = deps.Budget($"releasing addresses in block {cidr}");
        while (true)
        {
            if (await store.GetBlockAsync(cidr, ct).ConfigureAwait(false) is not { } stored)
            {
                return new IpReleaseResult([], requests.Select(r => r.Address).ToList(), []);
            }

            var block = AllocationBlock.FromStored(stored);
            var notAssigned = new List<IPAddress>();
            var mismatched = new List<IPAddress>();
            var ordinals = new SortedSet<int>();
            foreach (var request in requests)
            {
                block.TryGetOrdinal(request.Address, out var ordinal);
                if (!block.IsAllocated(ordinal))
                {
                    notAssigned.Add(request.Address);
                }
                else if ((request.HandleId is { } h && !string.Equals(h, block.HandleAt(ordinal), StringComparison.Ordinal))
                    || (request.SequenceNumber is { } s && s != block.SequenceNumberAt(ordinal)))
                {
                    mismatched.Add(request.Address);
                }
                else
                {
                    ordinals.Add(ordinal);
                }
            }

            if (ordinals.Count == 0)
            {
                return new IpReleaseResult([], notAssigned, mismatched);
            }

            var ops = new List<TransactionOp>();
            var perHandle = ordinals.Select(o => block.HandleAt(o)).OfType<string>().GroupBy(h => h, StringComparer.Ordinal);
            var handleOps = new List<TransactionOp>();
            foreach (var group in perHandle)
            {
                var handle = HandleRecord.From(group.Key, await store.GetHandleAsync(group.Key, ct).ConfigureAwait(false));
                handle.Remove(cidr, group.Count());
                if (handle.WriteOp() is { } op)
                {
                    handleOps.Add(op);
                }
            }

            var addresses = ordinals.Select(block.AddressAt).ToList();
            block.Release(ordinals);
            ops.Add(ReleaseOps.BlockWrite(block));
            ops.AddRange(handleOps);
            if ((await store.TryCommitAsync(ops, ct).ConfigureAwait(false)).Committed)
            {
                return new IpReleaseResult(addresses, notAssigned, mismatched);
            }

            await budget.WaitAsync(ct).ConfigureAwait(false);
        }
    }
}
