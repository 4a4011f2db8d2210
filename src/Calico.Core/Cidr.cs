using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Calico.Core;

/// <summary>An IP network in CIDR form whose host bits are zero ("strictly masked").</summary>
public readonly record struct Cidr
{
    private Cidr(IPAddress address, int prefixLength)
    {
        Address = address;
        PrefixLength = prefixLength;
    }

    public IPAddress Address { get; }

    public int PrefixLength { get; }

    public AddressFamily Family => Address.AddressFamily;

    public bool IsIPv4 => Address.AddressFamily == AddressFamily.InterNetwork;

    public int MaxPrefixLength => IsIPv4 ? 32 : 128;

    /// <summary>Parses "a.b.c.d/n" or "x::/n"; fails when the host bits are set.</summary>
    public static bool TryParse(string? text, out Cidr cidr, [NotNullWhen(false)] out string? error)
    {
        cidr = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a CIDR is required";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"\"{text}\" is not in CIDR notation (expected ADDRESS/PREFIX, e.g. 192.168.0.0/16)";
            return false;
        }

        if (!IPAddress.TryParse(text.AsSpan(0, slash), out var address) || text[..slash].Contains('%', StringComparison.Ordinal))
        {
            error = $"\"{text}\" does not start with a valid IP address";
            return false;
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out var prefix) || prefix > max)
        {
            error = $"\"{text}\" has an invalid prefix length (expected 0 to {max})";
            return false;
        }

        var masked = Mask(address, prefix);
        if (!masked.Equals(address))
        {
            error = $"\"{text}\" has host bits set (did you mean {masked}/{prefix}?)";
            return false;
        }

        cidr = new Cidr(address, prefix);
        error = null;
        return true;
    }

    /// <summary>Parses a CIDR, or a bare IP which becomes a /32 or /128. Host bits may be set and are masked off.</summary>
    public static bool TryParseLenient(string? text, out Cidr cidr)
    {
        cidr = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text.AsSpan() : text.AsSpan(0, slash);
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = max;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out prefix) || prefix > max))
        {
            return false;
        }

        cidr = new Cidr(Mask(address, prefix), prefix);
        return true;
    }

    public static Cidr Parse(string text) =>
        TryParse(text, out var cidr, out var error) ? cidr : throw new FormatException(error);

    public static Cidr FromAddress(IPAddress address) =>
        new(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);

    public bool Contains(IPAddress address)
    {
        if (address.AddressFamily != Family)
        {
            return false;
        }

        return Mask(address, PrefixLength).Equals(Address);
    }

    /// <summary>True when the two networks share at least one address.</summary>
    public bool Overlaps(Cidr other)
    {
        if (other.Family != Family)
        {
            return false;
        }

        var shorter = Math.Min(PrefixLength, other.PrefixLength);
        return Mask(Address, shorter).Equals(Mask(other.Address, shorter));
    }

    /// <summary>True when every address of <paramref name="other"/> is in this network.</summary>
    public bool Covers(Cidr other) =>
        other.Family == Family && other.PrefixLength >= PrefixLength && Contains(other.Address);

    /// <summary>Number of addresses, saturating at <see cref="ulong.MaxValue"/>.</summary>
    public ulong Size => MaxPrefixLength - PrefixLength >= 64 ? ulong.MaxValue : 1UL << (MaxPrefixLength - PrefixLength);

    public static IPAddress Mask(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bitsInByte = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bitsInByte));
        }

        return new IPAddress(bytes);
    }

    public override string ToString() => $"{Address}/{PrefixLength}";
}
