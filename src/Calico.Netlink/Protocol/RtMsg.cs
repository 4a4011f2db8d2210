using System.Runtime.InteropServices;

namespace Calico.Netlink.Protocol;

/// <summary>struct rtmsg: the fixed header of RTM_*ROUTE messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtMsg
{
    public byte Family;
    public byte DestinationLength;
    public byte SourceLength;
    public byte Tos;
    public byte Table;
    public byte Protocol;
    public byte Scope;
    public byte Type;
    public uint Flags;
}
