using System.Net;
using Calico.Ipam.Blocks;

namespace Calico.Ipam.Check;

/// <summary>One allocated ordinal of a block.</summary>
internal sealed record BlockAllocation(IPAddress Address, AllocationBlock Block, int Ordinal)
{
    public string? Handle => Block.HandleAt(Ordinal);

    public string Describe()
    {
        var attributes = Block.AttributesAt(Ordinal);
        var parts = new List<string>();
        if (attributes.TryGetValue(IpamAttributeNames.Namespace, out var ns) && attributes.TryGetValue(IpamAttributeNames.Pod, out var pod))
        {
            parts.Add($"pod {ns}/{pod}");
        }

        if (attributes.TryGetValue(IpamAttributeNames.Node, out var node))
        {
            parts.Add($"node {node}");
        }

        return parts.Count == 0 ? string.Empty : $" ({string.Join(", ", parts)})";
    }

    public IpamFinding Finding(IpamFindingKind kind, string message) => new()
    {
        Kind = kind,
        Address = Address.ToString(),
        HandleId = Handle,
        Block = Block.Cidr.ToString(),
        Node = Block.AttributesAt(Ordinal).TryGetValue(IpamAttributeNames.Node, out var n) ? n : Block.AffinityNode,
        SequenceNumber = Block.SequenceNumberAt(Ordinal),
        Message = message,
    };
}
