using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Calico.Netlink;

/// <summary>
/// An address on an interface with its prefix length, e.g. 10.65.0.5/32 on eth0. Unlike a route destination the
/// host bits may be set (10.0.0.5/24).
/// </summary>
public sealed record InterfaceAddress
{
    public InterfaceAddress(LinkIndex link, IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"{address} is neither IPv4 nor IPv6", nameof(address));
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, max);
        Link = link;
        Address = address;
        PrefixLength = prefixLength;
    }

    public LinkIndex Link { get; }

    public IPAddress Address { get; }

    public int PrefixLength { get; }

    public RouteScope Scope { get; init; } = RouteScope.Universe;

    /// <summary>E.g. <see cref="AddressFlags.NoDad"/> so an IPv6 address is usable at once rather than after DAD.</summary>
    public AddressFlags Flags { get; init; }

    /// <summary>IPv4 only: the interface label (defaults to the interface name).</summary>
    public string? Label { get; init; }

    public AddressFamily Family => Address.AddressFamily;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Address}/{PrefixLength}");
}
