using System.Runtime.InteropServices;

namespace Calico.Netlink.Protocol;

/// <summary>Netlink headers and most attributes are in host byte order.</summary>
internal static class NativeEndian
{
    public static void WriteUInt16(Span<byte> target, ushort value) => MemoryMarshal.Write(target, in value);

    public static ushort ReadUInt16(ReadOnlySpan<byte> source) => MemoryMarshal.Read<ushort>(source);

    public static uint ReadUInt32(ReadOnlySpan<byte> source) => MemoryMarshal.Read<uint>(source);

    public static int ReadInt32(ReadOnlySpan<byte> source) => MemoryMarshal.Read<int>(source);
}
