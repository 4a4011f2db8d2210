using System.Runtime.InteropServices;

namespace Calico.Netlink.Interop;

/// <summary>struct sockaddr_nl.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SockaddrNetlink
{
    public ushort Family;
    public ushort Padding;
    public uint PortId;
    public uint Groups;
}
