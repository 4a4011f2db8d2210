using Calico.Api.Values;

namespace Calico.Ipam;

/// <summary>What <see cref="IIpamClient.AutoAssignAsync"/> should assign, and to whom.</summary>
public sealed record AutoAssignRequest
{
    /// <summary>The handle the addresses are recorded against, e.g. <c>k8s-pod-network.&lt;containerID&gt;</c>.</summary>
    public required string HandleId { get; init; }

    /// <summary>The node the addresses are for; its affine blocks are used first and new blocks become affine to it.</summary>
    public required string Node { get; init; }

    /// <summary>How many IPv4 addresses (0 or more).</summary>
    public int Num4 { get; init; }

    /// <summary>How many IPv6 addresses (0 or more).</summary>
    public int Num6 { get; init; }

    /// <summary>Attributes stored with the allocation (namespace, pod, …; see <see cref="IpamAttributeNames"/>).</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    /// <summary>Only these IPv4 pools (names or CIDRs, as in the CNI config's <c>ipv4_pools</c>); null or empty: any usable pool.</summary>
    public IReadOnlyList<string>? IPv4Pools { get; init; }

    /// <summary>Only these IPv6 pools (names or CIDRs, <c>ipv6_pools</c>); null or empty: any usable pool.</summary>
    public IReadOnlyList<string>? IPv6Pools { get; init; }

    /// <summary>What the addresses are for; only pools whose <c>allowedUses</c> contain it are used.</summary>
    public IPPoolAllowedUse Use { get; init; } = IPPoolAllowedUse.Workload;

    /// <summary>A per-request block limit for the node; 0 uses IPAMConfiguration's. The stricter of the two applies.</summary>
    public int MaxBlocksPerHost { get; init; }
}
