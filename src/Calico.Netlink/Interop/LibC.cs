using System.Runtime.InteropServices;

namespace Calico.Netlink.Interop;

/// <summary>The few libc calls the library needs. Every signature is blittable (AOT and trim safe).</summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    internal const int AfNetlink = 16;
    internal const int SockRaw = 3;
    internal const int SockCloexec = 0x80000;
    internal const int NetlinkRoute = 0;
    internal const int SolSocket = 1;
    internal const int SoRcvTimeo = 20;
    internal const int SolNetlink = 270;
    internal const int NetlinkCapAck = 10;
    internal const int NetlinkExtAck = 11;
    internal const int MsgTrunc = 0x20;
    internal const int ORdOnly = 0;
    internal const int OCloexec = 0x80000;
    internal const int CloneNewNet = 0x40000000;

    /// <summary>_IO(0xb7, 0x3): returns the CLONE_NEW* type of a namespace file.</summary>
    internal const nuint NsGetNsType = 0xb703;

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Library, EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(int fd, void* address, uint addressLength);

    [LibraryImport(Library, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(int fd, int level, int name, void* value, uint valueLength);

    [LibraryImport(Library, EntryPoint = "sendto", SetLastError = true)]
    internal static partial nint SendTo(int fd, void* buffer, nuint length, int flags, void* address, uint addressLength);

    [LibraryImport(Library, EntryPoint = "recvfrom", SetLastError = true)]
    internal static partial nint RecvFrom(int fd, void* buffer, nuint length, int flags, void* address, uint* addressLength);

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true)]
    internal static partial int Open(byte* path, int flags);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "setns", SetLastError = true)]
    internal static partial int SetNs(int fd, int namespaceType);

    internal const int AtEmptyPath = 0x1000;
    internal const uint StatxIno = 0x100;

    /// <summary>sizeof(struct statx); the layout is the same on every architecture.</summary>
    internal const int StatxSize = 256;

    /// <summary>offsetof(struct statx, stx_ino).</summary>
    internal const int StatxInoOffset = 32;

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true)]
    internal static partial int Statx(int dirFd, byte* path, int flags, uint mask, byte* statx);

    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(int fd, nuint request);
}
