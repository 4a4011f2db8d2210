using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Calico.Netlink.Protocol;

/// <summary>One attribute: its type (flags masked off) and value bytes.</summary>
internal readonly ref struct NetlinkAttribute
{
    public NetlinkAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    public ushort Type { get; }

    public ReadOnlySpan<byte> Value { get; }

    public byte AsByte() => Value.Length >= 1 ? Value[0] : (byte)0;

    public uint AsUInt32() => Value.Length >= 4 ? NativeEndian.ReadUInt32(Value) : 0;

    public int AsInt32() => Value.Length >= 4 ? NativeEndian.ReadInt32(Value) : 0;

    public ushort AsUInt16BigEndian() => Value.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Value) : (ushort)0;

    /// <summary>A string, without the trailing NUL.</summary>
    public string AsString()
    {
        var end = Value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? Value : Value[..end]);
    }

    /// <summary>An IPv4 or IPv6 address, or null when the length is neither 4 nor 16.</summary>
    public IPAddress? AsAddress() => Value.Length is 4 or 16 ? new IPAddress(Value) : null;

    /// <summary>A 6-byte MAC, or null for other link-layer address lengths.</summary>
    public MacAddress? AsMac() => Value.Length == MacAddress.Length ? MacAddress.FromBytes(Value) : null;

    public AttributeReader Nested() => new(Value);
}
