namespace Calico.Netlink.Protocol;

/// <summary>Enumerates the attributes (struct nlattr + value, 4-byte aligned) in a span; use with foreach.</summary>
internal ref struct AttributeReader
{
    private const ushort TypeMask = 0x3fff;

    private ReadOnlySpan<byte> _remaining;

    public AttributeReader(ReadOnlySpan<byte> attributes)
    {
        _remaining = attributes;
        Current = default;
    }

    public NetlinkAttribute Current { get; private set; }

    public readonly AttributeReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_remaining.Length < 4)
        {
            return false;
        }

        var length = NativeEndian.ReadUInt16(_remaining);
        var type = (ushort)(NativeEndian.ReadUInt16(_remaining[2..]) & TypeMask);
        if (length < 4 || length > _remaining.Length)
        {
            _remaining = default;
            return false;
        }

        Current = new NetlinkAttribute(type, _remaining[4..length]);
        var next = Math.Min(MessageWriter.Align(length), _remaining.Length);
        _remaining = _remaining[next..];
        return true;
    }
}
