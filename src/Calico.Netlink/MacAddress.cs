using System.Globalization;

namespace Calico.Netlink;

/// <summary>A 48-bit Ethernet (EUI-48) address, printed as lower-case colon-separated hex ("ee:ee:ee:ee:ee:ee").</summary>
public readonly record struct MacAddress
{
    public const int Length = 6;

    private readonly ulong _value;

    private MacAddress(ulong value) => _value = value;

    /// <summary>ee:ee:ee:ee:ee:ee, the MAC Calico gives every host-side workload veth.</summary>
    public static MacAddress CalicoHostSide { get; } = new(0xeeeeeeeeeeeeUL);

    public static MacAddress FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"a MAC address has {Length} bytes, not {bytes.Length}", nameof(bytes));
        }

        ulong value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return new MacAddress(value);
    }

    public static bool TryParse(string? text, out MacAddress mac)
    {
        mac = default;
        if (text is null || text.Length != 17)
        {
            return false;
        }

        ulong value = 0;
        for (var i = 0; i < Length; i++)
        {
            if (i > 0 && text[(i * 3) - 1] is not (':' or '-'))
            {
                return false;
            }

            if (!byte.TryParse(text.AsSpan(i * 3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                return false;
            }

            value = (value << 8) | b;
        }

        mac = new MacAddress(value);
        return true;
    }

    public static MacAddress Parse(string text) =>
        TryParse(text, out var mac) ? mac : throw new FormatException($"\"{text}\" is not a MAC address (expected six hex pairs such as ee:ee:ee:ee:ee:ee)");

    public void WriteTo(Span<byte> destination)
    {
        for (var i = 0; i < Length; i++)
        {
            destination[i] = (byte)(_value >> (8 * (Length - 1 - i)));
        }
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteTo(bytes);
        return string.Create(CultureInfo.InvariantCulture, $"{bytes[0]:x2}:{bytes[1]:x2}:{bytes[2]:x2}:{bytes[3]:x2}:{bytes[4]:x2}:{bytes[5]:x2}");
    }
}
