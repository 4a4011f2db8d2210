using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace Calico.Netlink.Protocol;

/// <summary>
/// Builds one netlink request: header, fixed struct, attributes (4-byte aligned, nestable). Starts on a caller
/// buffer (usually stack) and moves to a heap array in the rare case that is too small (no pooling, so nothing
/// to dispose). The sequence number is filled in by
/// <see cref="NetlinkConnection"/> when the request is sent.
/// </summary>
internal ref struct MessageWriter
{
    private const int AttributeHeaderSize = 4;

    private Span<byte> _buffer;
    private int _length;

    public MessageWriter(Span<byte> initial)
    {
        _buffer = initial;
        _length = 0;
    }

    public static int Align(int length) => (length + 3) & ~3;

    public void Begin(MessageType type, MessageFlags flags)
    {
        _length = 0;
        var header = new NetlinkHeader { Type = (ushort)type, Flags = (ushort)(flags | MessageFlags.Request) };
        WriteStruct(header);
    }

    public void WriteStruct<T>(in T value)
        where T : unmanaged
    {
        var size = Marshal.SizeOf<T>();
        var target = Reserve(Align(size));
        MemoryMarshal.Write(target, in value);
    }

    public void Add(ushort type, scoped ReadOnlySpan<byte> value)
    {
        var total = AttributeHeaderSize + value.Length;
        var target = Reserve(Align(total));
        NativeEndian.WriteUInt16(target, (ushort)total);
        NativeEndian.WriteUInt16(target[2..], type);
        value.CopyTo(target[AttributeHeaderSize..]);
    }

    public void AddUInt8(ushort type, byte value) => Add(type, [value]);

    public void AddUInt32(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        MemoryMarshal.Write(bytes, in value);
        Add(type, bytes);
    }

    public void AddInt32(ushort type, int value) => AddUInt32(type, unchecked((uint)value));

    public void AddUInt16BigEndian(ushort type, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        Add(type, bytes);
    }

    /// <summary>A NUL-terminated UTF-8 string (NLA_STRING / NLA_NUL_STRING both accept it).</summary>
    public void AddString(ushort type, string value)
    {
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(value.Length) + 1];
        var count = Encoding.UTF8.GetBytes(value, bytes);
        bytes[count] = 0;
        Add(type, bytes[..(count + 1)]);
    }

    public void AddAddress(ushort type, IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            throw new ArgumentException($"cannot encode address {address}", nameof(address));
        }

        Add(type, bytes[..written]);
    }

    public void AddMac(ushort type, MacAddress mac)
    {
        Span<byte> bytes = stackalloc byte[MacAddress.Length];
        mac.WriteTo(bytes);
        Add(type, bytes);
    }

    /// <summary>Starts a nested attribute; pass the result to <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        var start = _length;
        var target = Reserve(AttributeHeaderSize);
        NativeEndian.WriteUInt16(target[2..], type);
        return start;
    }

    public readonly void EndNested(int start) =>
        NativeEndian.WriteUInt16(_buffer[start..], (ushort)(_length - start));

    /// <summary>Writes the total length into the header and returns the request bytes.</summary>
    public readonly Span<byte> Complete()
    {
        var length = (uint)_length;
        MemoryMarshal.Write(_buffer, in length);
        return _buffer[.._length];
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Grow(_length + count);
        }

        var target = _buffer.Slice(_length, count);
        target.Clear();
        _length += count;
        return target;
    }

    private void Grow(int needed)
    {
        var bigger = new byte[Math.Max(needed, _buffer.Length * 2)];
        _buffer[.._length].CopyTo(bigger);
        _buffer = bigger;
    }
}
