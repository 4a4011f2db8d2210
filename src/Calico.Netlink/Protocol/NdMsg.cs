using System.Runtime.InteropServices;

namespace Calico.Netlink.Protocol;

/// <summary>struct ndmsg: the fixed header of RTM_*NEIGH messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NdMsg
{
    public byte Family;
    public byte Padding1;
    public ushort Padding2;
    public int Index;
    public ushort State;
    public byte Flags;
    public byte Type;
}
