using System.Text;

namespace Calico.Typha.Protocol;

/// <summary>Reads the protocol's primitives from one frame's body; running off the end is a <see cref="ProtocolException"/>.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> source)
{
    private readonly ReadOnlySpan<byte> _source = source;
    private int _position;

    public readonly bool AtEnd => _position == _source.Length;

    public byte Byte()
    {
        if (_position >= _source.Length)
        {
            throw new ProtocolException("frame ends early");
        }

        return _source[_position++];
    }

    public ulong Varint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new ProtocolException("varint longer than 64 bits");
    }

    public long NonNegative()
    {
        var value = Varint();
        return value <= long.MaxValue ? (long)value : throw new ProtocolException($"number {value} out of range");
    }

    public string String() => Utf8(Length(Varint()));

    public string? OptionalString()
    {
        var length = Varint();
        return length == 0 ? null : Utf8(Length(length - 1));
    }

    /// <summary>Everything after the current position, copied (a frame's body is only valid until the next read).</summary>
    public byte[] Rest()
    {
        var rest = _source[_position..].ToArray();
        _position = _source.Length;
        return rest;
    }

    public void ExpectEnd()
    {
        if (!AtEnd)
        {
            throw new ProtocolException($"{_source.Length - _position} unexpected bytes at the end of a frame");
        }
    }

    private readonly int Length(ulong length) =>
        length <= (ulong)(_source.Length - _position) ? (int)length : throw new ProtocolException($"string of {length} bytes runs past the end of the frame");

    private string Utf8(int length)
    {
        var text = Encoding.UTF8.GetString(_source.Slice(_position, length));
        _position += length;
        return text;
    }
}
