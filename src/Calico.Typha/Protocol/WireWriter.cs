using System.Text;

namespace Calico.Typha.Protocol;

/// <summary>Writes the protocol's primitives into a span: unsigned LEB128 varints and length-prefixed UTF-8 strings.</summary>
internal ref struct WireWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;

    public int Written { get; private set; }

    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    public static int StringSize(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        return VarintSize((ulong)bytes) + bytes;
    }

    /// <summary>An optional string is its length plus one (0 for absent), then the bytes.</summary>
    public static int OptionalStringSize(string? value) => value is null ? 1 : VarintSize((ulong)Encoding.UTF8.GetByteCount(value) + 1) + Encoding.UTF8.GetByteCount(value);

    public void Byte(byte value) => _destination[Written++] = value;

    public void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _destination[Written++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _destination[Written++] = (byte)value;
    }

    public void String(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)bytes);
        Written += Encoding.UTF8.GetBytes(value, _destination[Written..]);
    }

    public void OptionalString(string? value)
    {
        if (value is null)
        {
            Varint(0);
            return;
        }

        Varint((ulong)Encoding.UTF8.GetByteCount(value) + 1);
        Written += Encoding.UTF8.GetBytes(value, _destination[Written..]);
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_destination[Written..]);
        Written += value.Length;
    }

    /// <summary>The frame header: the length of the type byte plus <paramref name="bodyBytes"/>, big-endian, then the type.</summary>
    public void Header(MessageType type, int bodyBytes)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(_destination[Written..], (uint)(bodyBytes + 1));
        Written += 4;
        Byte((byte)type);
    }
}
