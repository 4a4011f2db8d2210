using System.Numerics;
using Calico.Core;

namespace Calico.Ipam;

/// <summary>One pool's usage.</summary>
public sealed record PoolUsage
{
    /// <summary>The pool's name.</summary>
    public required string Name { get; init; }

    /// <summary>The pool's CIDR.</summary>
    public required Cidr Cidr { get; init; }

    /// <summary>True for a disabled pool (no new addresses).</summary>
    public bool Disabled { get; init; }

    /// <summary>Addresses in the pool.</summary>
    public required BigInteger Capacity { get; init; }

    /// <summary>Addresses allocated in the pool's blocks.</summary>
    public long Allocated { get; init; }

    /// <summary>Addresses not allocated.</summary>
    public BigInteger Free => Capacity - Allocated;

    /// <summary>The pool's blocks, in address order.</summary>
    public required IReadOnlyList<BlockUsage> Blocks { get; init; }
}
