using System.Numerics;
using Calico.Ipam.Blocks;
using Calico.Ipam.Pools;

namespace Calico.Ipam.Usage;

/// <summary>Counts addresses per pool and per block, as <c>calicoctl ipam show</c> prints them.</summary>
internal sealed class UsageCalculator(IpamDependencies deps)
{
    public async ValueTask<IpamUsage> CalculateAsync(CancellationToken ct)
    {
        var pools = (await deps.Store.ListPoolsAsync(ct).ConfigureAwait(false)).Select(p => PoolInfo.From(p.Resource)).OfType<PoolInfo>().ToList();
        var blocks = (await deps.Store.ListBlocksAsync(ct).ConfigureAwait(false))
            .Select(AllocationBlock.FromStored)
            .OrderBy(b => b.Cidr.Family)
            .ThenBy(b => b.Cidr.Start())
            .Select(b => new BlockUsage(b.Cidr, b.AffinityNode, b.Size, b.AllocatedCount))
            .ToList();

        var claimed = new HashSet<BlockUsage>();
        var usage = new List<PoolUsage>();
        foreach (var pool in pools)
        {
            var inPool = blocks.Where(b => pool.Cidr.Covers(b.Cidr)).ToList();
            claimed.UnionWith(inPool);
            usage.Add(new PoolUsage
            {
                Name = pool.Name,
                Cidr = pool.Cidr,
                Disabled = pool.Disabled,
                Capacity = (BigInteger)pool.Cidr.AddressCount(),
                Allocated = inPool.Sum(b => (long)b.Allocated),
                Blocks = inPool,
            });
        }

        return new IpamUsage(usage, blocks.Where(b => !claimed.Contains(b)).ToList());
    }
}
