using System.Runtime.InteropServices;

namespace Calico.Netlink.Protocol;

/// <summary>struct ifaddrmsg: the fixed header of RTM_*ADDR messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfAddrMsg
{
    public byte Family;
    public byte PrefixLength;
    public byte Flags;
    public byte Scope;
    public int Index;
}
