using System.Runtime.InteropServices;

namespace Calico.Netlink.Protocol;

/// <summary>struct ifinfomsg: the fixed header of RTM_*LINK messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfInfoMsg
{
    public byte Family;
    public byte Padding;
    public ushort Type;
    public int Index;
    public uint Flags;
    public uint Change;
}
