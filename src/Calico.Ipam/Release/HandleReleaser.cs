using System.Net;
using Calico.Datastore;
using Calico.Ipam.Blocks;
using Calico.Ipam.Store;

namespace Calico.Ipam.Release;

/// <summary>
/// Releases everything a handle holds, one block at a time: each step frees the handle's addresses in one block and
/// drops that block from the handle (deleting the handle with its last block) in one transaction.
/// </summary>
internal sealed class HandleReleaser(IpamDependencies deps)
{
    public async ValueTask<IReadOnlyList<IPAddress>> ReleaseAsync(string handleId, CancellationToken ct)
    {
        var store = deps.Store;
        var budget = deps.Budget($"releasing handle \"{handleId}\"");
        var released = new List<IPAddress>();
        while (true)
        {
            if (await store.GetHandleAsync(handleId, ct).ConfigureAwait(false) is not { } stored)
            {
                return released;
            }

            var handle = HandleRecord.From(handleId, stored);
            if (handle.Blocks.Count == 0)
            {
                await store.TryCommitAsync([IpamStore.Delete(IpamNames.HandleKey(handleId), stored.Revision)], ct).ConfigureAwait(false);
                return released;
            }

            var blockKey = handle.Blocks.Keys.First();
            handle.RemoveBlock(blockKey);
            var ops = new List<TransactionOp>();
            List<IPAddress> freed = [];
            if (AddressExtensions.ParseStoredCidr(blockKey) is { } cidr && await store.GetBlockAsync(cidr, ct).ConfigureAwait(false) is { } storedBlock)
            {
                var block = AllocationBlock.FromStored(storedBlock);
                var ordinals = block.OrdinalsOf(handleId);
                freed = ordinals.Select(block.AddressAt).ToList();
                block.Release(ordinals);
                ops.Add(ReleaseOps.BlockWrite(block));
            }

            ops.Add(handle.WriteOp()!);
            if ((await store.TryCommitAsync(ops, ct).ConfigureAwait(false)).Committed)
            {
                released.AddRange(freed);
                continue;
            }

            await budget.WaitAsync(ct).ConfigureAwait(false);
        }
    }
}
