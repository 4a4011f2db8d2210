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
    private readonly string? _text;

    private SetElement(string text, SetKeyType keyType, bool needsInterval)
    {
        _text = text;
        KeyType = keyType;
        NeedsInterval = needsInterval;
    }

    /// <summary>The element as written in an nft command.</summary>
    public string Text => _text ?? throw new InvalidOperationException("default(SetElement) has no value");

    public SetKeyType KeyType { get; }

    /// <summary>The element is a prefix shorter than a host address: only an interval set can hold it.</summary>
    public bool NeedsInterval { get; }

    public static SetElement Address(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => new(address.ToString(), SetKeyType.Ipv4Address, false),
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

        var type = network.IsIPv4 ? SetKeyType.Ipv4Address : SetKeyType.Ipv6Address;
        return new(string.Create(CultureInfo.InvariantCulture, $"{network.Address}/{network.PrefixLength}"), type, true);
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
    public static SetElement AddressProtocolPort(IPAddress address, byte protocol, ushort port) =>
        Concat(Address(address), Protocol(protocol), Port(port));

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

    public override string ToString() => _text ?? string.Empty;
}
