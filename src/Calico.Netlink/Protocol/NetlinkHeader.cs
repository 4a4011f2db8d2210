using System.Runtime.InteropServices;

namespace Calico.Netlink.Protocol;

/// <summary>struct nlmsghdr (16 bytes, host byte order).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NetlinkHeader
{
    public const int Size = 16;

    public uint Length;
    public ushort Type;
    public ushort Flags;
    public uint Sequence;
    public uint PortId;
}
