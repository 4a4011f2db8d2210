using System.Runtime.InteropServices;

namespace Calico.Netlink.Interop;

/// <summary>struct timeval (both fields are C longs).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TimeVal
{
    public nint Seconds;
    public nint Microseconds;
}
