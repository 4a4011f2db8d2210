using System.Runtime.InteropServices;

namespace Calico.Nftables.Interop;

/// <summary>The libc calls used to hand a script to libnftables as a file (an anonymous memfd) when locating an error.</summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    public const uint MfdCloexec = 1;

    [LibraryImport(Library, EntryPoint = "memfd_create", SetLastError = true)]
    public static partial int MemfdCreate(byte* name, uint flags);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
