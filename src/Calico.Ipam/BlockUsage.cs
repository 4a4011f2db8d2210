using Calico.Core;

namespace Calico.Ipam;

/// <summary>One block's usage.</summary>
/// <param name="Cidr">The block.</param>
/// <param name="Node">The node it is affine to, or null.</param>
/// <param name="Capacity">Addresses in the block.</param>
/// <param name="Allocated">Addresses allocated.</param>
public sealed record BlockUsage(Cidr Cidr, string? Node, int Capacity, int Allocated)
{
    /// <summary>Addresses free.</summary>
    public int Free => Capacity - Allocated;
}
