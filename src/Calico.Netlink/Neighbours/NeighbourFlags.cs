namespace Calico.Netlink;

/// <summary>NTF_* neighbour flags (linux/neighbour.h).</summary>
[Flags]
public enum NeighbourFlags : byte
{
    None = 0,
    Use = 0x01,

    /// <summary>The entry belongs to the device itself (a VXLAN device's FDB), not to a bridge it is enslaved to.</summary>
    Self = 0x02,
    Master = 0x04,
    Proxy = 0x08,
    ExternallyLearned = 0x10,
    Offloaded = 0x20,
    Sticky = 0x40,
    Router = 0x80,
}
