using System.Net;
using Calico.Core;

namespace Calico.Ipam;

/// <summary>Who holds an address.</summary>
public sealed record AllocationInfo
{
    /// <summary>The address.</summary>
    public required IPAddress Address { get; init; }

    /// <summary>The handle it is recorded against (null for an allocation without one).</summary>
    public string? HandleId { get; init; }

    /// <summary>The allocation's attributes (namespace, pod, node, …).</summary>
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }

    /// <summary>The block holding the address.</summary>
    public required Cidr Block { get; init; }

    /// <summary>The node the block is affine to, or null.</summary>
    public string? BlockNode { get; init; }

    /// <summary>The node that requested the address (its <c>node</c> attribute, else the block's node).</summary>
    public string? Node => Attributes.TryGetValue(IpamAttributeNames.Node, out var node) ? node : BlockNode;

    /// <summary>True when the address was borrowed from a block affine to another node.</summary>
    public bool Borrowed => Node is not null && !string.Equals(Node, BlockNode, StringComparison.Ordinal);

    /// <summary>The allocation's sequence number in its block (changes whenever the address is given out again).</summary>
    public long SequenceNumber { get; init; }
}
