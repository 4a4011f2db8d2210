namespace Calico.Ipam;

/// <summary>What a check looked at.</summary>
public sealed record IpamCheckCounts
{
    /// <summary>IPAM blocks.</summary>
    public int Blocks { get; init; }

    /// <summary>Allocations recorded in the blocks.</summary>
    public int Allocations { get; init; }

    /// <summary>Enabled pools.</summary>
    public int ActivePools { get; init; }

    /// <summary>IPAMHandles.</summary>
    public int Handles { get; init; }

    /// <summary>BlockAffinities.</summary>
    public int Affinities { get; init; }

    /// <summary>Addresses used by WorkloadEndpoints.</summary>
    public int WorkloadAddresses { get; init; }

    /// <summary>Tunnel addresses used by Nodes.</summary>
    public int NodeAddresses { get; init; }

    /// <summary>Distinct addresses in use by WorkloadEndpoints and Nodes.</summary>
    public int InUseAddresses { get; init; }
}
