using System.Net;

namespace Calico.Netlink;

/// <summary>
/// A forwarding-database entry (AF_BRIDGE neighbour): MAC → remote IP on a VXLAN device (<see cref="NeighbourFlags.Self"/>),
/// or MAC → port on a bridge.
/// </summary>
public sealed record FdbEntry(LinkIndex Link, MacAddress Mac)
{
    /// <summary>The remote VTEP's underlay IP (NDA_DST).</summary>
    public IPAddress? Destination { get; init; }

    public NeighbourState State { get; init; } = NeighbourState.Permanent;

    public NeighbourFlags Flags { get; init; } = NeighbourFlags.Self;

    /// <summary>NDA_VNI, for devices in external (collect-metadata) mode.</summary>
    public int? Vni { get; init; }

    /// <summary>The bridge, for entries of a bridge port (read back only).</summary>
    public LinkIndex? Master { get; init; }

    public override string ToString() => $"{Mac} dev #{Link}{(Destination is { } d ? $" dst {d}" : string.Empty)} {Flags} {State}";
}
