using System.Text;
using Calico.Core;
using Calico.Ipam.Blocks;

namespace Calico.Ipam.Pools;

/// <summary>
/// Finds a block-sized CIDR of a pool that no existing block overlaps. As in Calico, the search starts at a point
/// derived from the node's name and wraps around, so nodes claiming at the same time rarely pick the same block, while
/// one node's concurrent claims pick the same one (and meet on its BlockAffinity instead of claiming two blocks).
/// </summary>
internal static class UnclaimedBlockFinder
{
    public static Cidr? Find(PoolInfo pool, IEnumerable<Cidr> existingBlocks, string node)
    {
        var poolStart = pool.Cidr.Start();
        var poolEnd = pool.Cidr.End();
        var blockBits = pool.Cidr.MaxPrefixLength - pool.BlockSize;
        var blockSize = UInt128.One << blockBits;
        var countBits = pool.BlockSize - pool.Cidr.PrefixLength;
        var count = countBits >= 127 ? UInt128.MaxValue : UInt128.One << countBits;
        var taken = Merge(existingBlocks
            .Where(b => b.Family == pool.Family && b.Overlaps(pool.Cidr))
            .Select(b => (Start: UInt128.Max(b.Start(), poolStart), End: UInt128.Min(b.End(), poolEnd))));

        var first = Hash(node) % count;
        var found = Scan(taken, poolStart, blockSize, first, count) ?? Scan(taken, poolStart, blockSize, UInt128.Zero, first);
        return found is { } start ? start.ToCidr(pool.Family, pool.BlockSize) : null;
    }

    private static UInt128? Scan(List<(UInt128 Start, UInt128 End)> taken, UInt128 poolStart, UInt128 blockSize, UInt128 from, UInt128 to)
    {
        var index = from;
        while (index < to)
        {
            var start = poolStart + (index * blockSize);
            var end = start + (blockSize - 1);
            var overlapping = FirstEndingAtOrAfter(taken, start);
            if (overlapping < 0 || taken[overlapping].Start > end)
            {
                return start;
            }

            // Jump past the taken range (never backwards: ranges are merged and sorted).
            index = ((taken[overlapping].End - poolStart) / blockSize) + 1;
        }

        return null;
    }

    private static int FirstEndingAtOrAfter(List<(UInt128 Start, UInt128 End)> taken, UInt128 address)
    {
        int low = 0, high = taken.Count - 1, result = -1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            if (taken[mid].End >= address)
            {
                result = mid;
                high = mid - 1;
            }
            else
            {
                low = mid + 1;
            }
        }

        return result;
    }

    private static List<(UInt128 Start, UInt128 End)> Merge(IEnumerable<(UInt128 Start, UInt128 End)> ranges)
    {
        var merged = new List<(UInt128 Start, UInt128 End)>();
        foreach (var range in ranges.OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, UInt128.Max(merged[^1].End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    /// <summary>FNV-1a of the node name: stable across processes and runs (unlike string.GetHashCode).</summary>
    private static UInt128 Hash(string node)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(node))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
