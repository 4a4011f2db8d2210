using System.Net;
using System.Net.Sockets;
using Calico.Core;

namespace Calico.Ipam.Blocks;

/// <summary>Addresses as 128-bit integers, for ordinal and block arithmetic in both families.</summary>
internal static class AddressExtensions
{
    public static UInt128 ToUInt128(this IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            throw new ArgumentException($"{address} cannot be converted", nameof(address));
        }

        UInt128 value = 0;
        for (var i = 0; i < written; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    public static IPAddress ToAddress(this UInt128 value, AddressFamily family)
    {
        var length = family == AddressFamily.InterNetwork ? 4 : 16;
        var bytes = new byte[length];
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xFF);
            value >>= 8;
        }

        return new IPAddress(bytes);
    }

    /// <summary>The network's first address as an integer.</summary>
    public static UInt128 Start(this Cidr cidr) => cidr.Address.ToUInt128();

    /// <summary>The network's last address as an integer.</summary>
    public static UInt128 End(this Cidr cidr) => cidr.Start() + (cidr.AddressCount() - 1);

    /// <summary>The number of addresses, saturating at <see cref="UInt128.MaxValue"/> for ::/0.</summary>
    public static UInt128 AddressCount(this Cidr cidr)
    {
        var hostBits = cidr.MaxPrefixLength - cidr.PrefixLength;
        return hostBits >= 128 ? UInt128.MaxValue : UInt128.One << hostBits;
    }

    /// <summary>The block of <paramref name="prefixLength"/> bits that holds <paramref name="address"/>.</summary>
    public static Cidr BlockOf(this IPAddress address, int prefixLength) =>
        Cidr.Parse($"{Cidr.Mask(address, prefixLength)}/{prefixLength}");

    /// <summary>The network of <paramref name="prefixLength"/> bits starting at <paramref name="start"/>.</summary>
    public static Cidr ToCidr(this UInt128 start, AddressFamily family, int prefixLength) =>
        Cidr.Parse($"{start.ToAddress(family)}/{prefixLength}");

    /// <summary>Parses a stored CIDR leniently (host bits are masked off).</summary>
    public static Cidr? ParseStoredCidr(string? text) => Cidr.TryParseLenient(text, out var cidr) ? cidr : null;
}
