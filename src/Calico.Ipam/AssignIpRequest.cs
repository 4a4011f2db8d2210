using System.Net;

namespace Calico.Ipam;

/// <summary>What <see cref="IIpamClient.AssignIpAsync"/> should assign.</summary>
public sealed record AssignIpRequest
{
    /// <summary>The address to assign.</summary>
    public required IPAddress Address { get; init; }

    /// <summary>The handle to record it against.</summary>
    public required string HandleId { get; init; }

    /// <summary>The node it is for; a block created for it becomes affine to this node.</summary>
    public required string Node { get; init; }

    /// <summary>Attributes stored with the allocation.</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
}
