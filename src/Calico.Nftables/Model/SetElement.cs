using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Calico.Core;
using Calico.Netlink;

namespace Calico.Nftables;

/// <summary>
/// A set element (or a map key) in nft's canonical spelling, with the key type it belongs to: <c>10.0.0.1</c>,
/// <c>10.1.0.0/16</c>, <c>10.0.0.1 . 6 . 80</c>, <c>"cali1234"</c>. Built only through the factories, which produce the
/// same text the driver reads back from the kernel (a /32 is written as a plain address; protocols as numbers), so
/// desired and programmed elements compare by value.
/// </summary>
public readonly record struct SetElement
{
    private const int FormShift = 56;
    private const ulong AddressForm = 1UL << FormShift;       // an IPv4 address, or prefix (interval)
    private const ulong AddressPortForm = 2UL << FormShift;   // IPv4 address . protocol . port
    private const ulong FormMask = 3UL << FormShift;
    private const ulong PackedInterval = 1UL << 58;
    private const ulong TextInterval = 1UL << 32;

    // The longest spelling of a packed element: "255.255.255.255 . 255 . 65535" is 29.
    private const int MaxFormattedChars = 32;

    /// <summary>The text of an element that is not packed; null for a packed one (and for default).</summary>
    private readonly string? _text;

    /// <summary>
    /// With <see cref="_text"/>: the key type in bits 0–31 and the interval flag in bit 32. Without (a packed IPv4
    /// element, the bulk of a cluster's sets, held with no string): the address in bits 0–31 (first octet highest),
    /// the prefix length or the protocol in 32–39, the port in 40–55, the form in 56–57 and the interval flag in 58.
    /// Every IPv4 element whose text is spelled canonically is packed, however it was made (factory, concatenation,
    /// the kernel's listing), so equal elements have equal fields; <see cref="Text"/> is written on demand. 16 bytes
    /// either way, the size of a string reference and the key type it replaced.
    /// </summary>
    private readonly ulong _bits;

    private SetElement(string text, SetKeyType keyType, bool needsInterval)
    {
        if (TryPack(text, keyType, needsInterval, out var packed))
        {
            _bits = packed;
        }
        else
        {
            _text = text;
            _bits = keyType.Packed | (needsInterval ? TextInterval : 0);
        }
    }

    private SetElement(ulong packed) => _bits = packed;

    /// <summary>The element as written in an nft command (built anew each time for a packed IPv4 element).</summary>
    public string Text => _text ?? (IsPacked ? Format(_bits) : throw new InvalidOperationException("default(SetElement) has no value"));

    public SetKeyType KeyType => _text is not null ? SetKeyType.FromPacked((uint)_bits) : (_bits & FormMask) switch
    {
        AddressForm => SetKeyType.Ipv4Address,
        AddressPortForm => SetKeyType.Ipv4AddressProtocolPort,
        _ => default,
    };

    /// <summary>The element is a prefix shorter than a host address: only an interval set can hold it.</summary>
    public bool NeedsInterval => (_bits & (_text is not null ? TextInterval : PackedInterval)) != 0;

    private bool IsPacked => _text is null && _bits != 0;

    public static SetElement Address(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => new(Ipv4Bits(address) | AddressForm),
            AddressFamily.InterNetworkV6 when address.ScopeId == 0 => new(address.ToString(), SetKeyType.Ipv6Address, false),
            _ => throw new ArgumentException($"{address} is not an IPv4 or (unscoped) IPv6 address", nameof(address)),
        };
    }

    /// <summary>A CIDR; a host prefix (/32, /128) is the plain address.</summary>
    public static SetElement Network(Cidr network)
    {
        if (network.PrefixLength == network.MaxPrefixLength)
        {
            return Address(network.Address);
        }

        if (network.IsIPv4)
        {
            return new(Ipv4Bits(network.Address) | ((ulong)network.PrefixLength << 32) | AddressForm | PackedInterval);
        }

        return new(string.Create(CultureInfo.InvariantCulture, $"{network.Address}/{network.PrefixLength}"), SetKeyType.Ipv6Address, true);
    }

    /// <summary>An IP protocol number (6 tcp, 17 udp, 132 sctp).</summary>
    public static SetElement Protocol(byte protocol) =>
        new(protocol.ToString(CultureInfo.InvariantCulture), SetKeyType.Of(SetKeyKind.InetProto), false);

    public static SetElement Port(ushort port) =>
        new(port.ToString(CultureInfo.InvariantCulture), SetKeyType.Of(SetKeyKind.InetService), false);

    /// <summary>An interface name, for <c>ifname</c> keys (Felix's per-endpoint dispatch).</summary>
    public static SetElement InterfaceName(LinkName name)
    {
        var value = name.Value;
        if (value.Contains('"', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal) || value.Contains('*', StringComparison.Ordinal))
        {
            throw new ArgumentException($"interface name {value} may not contain '\"', '\\' or '*' in a set", nameof(name));
        }

        return new($"\"{value}\"", SetKeyType.IfName, false);
    }

    public static SetElement Mark(uint mark) =>
        new(mark.ToString(CultureInfo.InvariantCulture), SetKeyType.Of(SetKeyKind.Mark), false);

    /// <summary><c>proto . port</c>, e.g. <c>6 . 80</c>.</summary>
    public static SetElement ProtocolPort(byte protocol, ushort port) => Concat(Protocol(protocol), Port(port));

    /// <summary><c>address . proto . port</c>: a named-port member.</summary>
    public static SetElement AddressProtocolPort(IPAddress address, byte protocol, ushort port)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetwork
            ? new(Ipv4Bits(address) | ((ulong)protocol << 32) | ((ulong)port << 40) | AddressPortForm)
            : Concat(Address(address), Protocol(protocol), Port(port));
    }

    /// <summary>The concatenation of elements, in order (<c>a . b . c</c>).</summary>
    public static SetElement Concat(params ReadOnlySpan<SetElement> parts)
    {
        if (parts.Length < 2)
        {
            throw new ArgumentException("a concatenation has at least two parts", nameof(parts));
        }

        var type = parts[0].KeyType;
        var text = parts[0].Text;
        var interval = parts[0].NeedsInterval;
        for (var i = 1; i < parts.Length; i++)
        {
            type = type.Then(parts[i].KeyType);
            text = $"{text} . {parts[i].Text}";
            interval |= parts[i].NeedsInterval;
        }

        return new(text, type, interval);
    }

    /// <summary>An element read back from the kernel (already in canonical spelling).</summary>
    internal static SetElement FromKernel(string text, SetKeyType type, bool needsInterval) => new(text, type, needsInterval);

    /// <summary>The packed form of an IPv4 element (see <see cref="_bits"/>); false for any other.</summary>
    internal bool TryGetPacked(out ulong packed)
    {
        packed = _bits;
        return IsPacked;
    }

    public override string ToString() => _text ?? (IsPacked ? Format(_bits) : string.Empty);

    private static ulong Ipv4Bits(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        _ = address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static string Format(ulong packed)
    {
        Span<char> text = stackalloc char[MaxFormattedChars];
        return new string(text[..FormatInto(packed, text)]);
    }

    /// <summary>Writes the packed value as nft spells it into <paramref name="destination"/> (at least <see cref="MaxFormattedChars"/>); returns the length.</summary>
    private static int FormatInto(ulong packed, Span<char> destination)
    {
        var a = (uint)packed;
        var (b0, b1, b2, b3) = (a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
        int written;
        var fits = (packed & FormMask) != AddressForm
            ? destination.TryWrite(CultureInfo.InvariantCulture, $"{b0}.{b1}.{b2}.{b3} . {(packed >> 32) & 0xff} . {(packed >> 40) & 0xffff}", out written)
            : (packed & PackedInterval) != 0
                ? destination.TryWrite(CultureInfo.InvariantCulture, $"{b0}.{b1}.{b2}.{b3}/{(packed >> 32) & 0xff}", out written)
                : destination.TryWrite(CultureInfo.InvariantCulture, $"{b0}.{b1}.{b2}.{b3}", out written);
        return fits ? written : throw new InvalidOperationException($"a packed IPv4 element needs more than {MaxFormattedChars} characters");
    }

    /// <summary>Packs the text of an IPv4 address, prefix, or address . protocol . port, if it is spelled exactly as <see cref="Format"/> spells it.</summary>
    private static bool TryPack(string text, SetKeyType type, bool interval, out ulong packed)
    {
        packed = 0;
        ReadOnlySpan<char> rest = text;
        if (type == SetKeyType.Ipv4Address)
        {
            var slash = rest.IndexOf('/');
            if (!TryParseIpv4(slash < 0 ? rest : rest[..slash], out var address))
            {
                return false;
            }

            packed = address | AddressForm;
            if (slash >= 0)
            {
                if (!interval || !byte.TryParse(rest[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > 31)
                {
                    return false;
                }

                packed |= ((ulong)length << 32) | PackedInterval;
            }
            else if (interval)
            {
                return false;
            }
        }
        else if (type == SetKeyType.Ipv4AddressProtocolPort && !interval)
        {
            var first = rest.IndexOf(" . ", StringComparison.Ordinal);
            var second = first < 0 ? -1 : rest[(first + 3)..].IndexOf(" . ", StringComparison.Ordinal);
            if (second < 0 || !TryParseIpv4(rest[..first], out var address)
                || !byte.TryParse(rest.Slice(first + 3, second), NumberStyles.None, CultureInfo.InvariantCulture, out var protocol)
                || !ushort.TryParse(rest[(first + 3 + second + 3)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                return false;
            }

            packed = address | ((ulong)protocol << 32) | ((ulong)port << 40) | AddressPortForm;
        }
        else
        {
            return false;
        }

        // Only the canonical spelling packs (so Text gives back what was given), compared without making a string.
        Span<char> canonical = stackalloc char[MaxFormattedChars];
        return canonical[..FormatInto(packed, canonical)].SequenceEqual(text);
    }

    private static bool TryParseIpv4(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        for (var octet = 0; octet < 4; octet++)
        {
            var dot = octet < 3 ? text.IndexOf('.') : text.Length;
            if (dot <= 0 || !byte.TryParse(text[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            address = (address << 8) | value;
            text = octet < 3 ? text[(dot + 1)..] : [];
        }

        return true;
    }
}
