namespace Calico.Netlink.Protocol;

/// <summary>NDA_* attribute types (linux/neighbour.h).</summary>
internal static class NeighbourAttribute
{
    public const ushort Destination = 1;
    public const ushort LinkLayerAddress = 2;
    public const ushort Port = 6;
    public const ushort Vni = 7;
    public const ushort Master = 9;
}
