namespace Calico.Netlink;

/// <summary>NUD_* neighbour states (linux/neighbour.h).</summary>
[Flags]
public enum NeighbourState : ushort
{
    None = 0,
    Incomplete = 0x01,
    Reachable = 0x02,
    Stale = 0x04,
    Delay = 0x08,
    Probe = 0x10,
    Failed = 0x20,
    NoArp = 0x40,

    /// <summary>Static: never expires, never garbage collected. What Calico installs for VXLAN peers.</summary>
    Permanent = 0x80,
}
