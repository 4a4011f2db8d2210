using System.Net.Sockets;

namespace Calico.Netlink.Protocol;

/// <summary>Linux AF_* numbers (they differ from .NET's <see cref="AddressFamily"/> values for IPv6).</summary>
internal static class AddressFamilies
{
    public const byte Unspecified = 0;
    public const byte Inet = 2;
    public const byte Bridge = 7;
    public const byte Inet6 = 10;

    public static byte ToLinux(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => Inet,
        AddressFamily.InterNetworkV6 => Inet6,
        AddressFamily.Unspecified => Unspecified,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "only IPv4, IPv6 or Unspecified"),
    };

    public static AddressFamily FromLinux(byte family) => family switch
    {
        Inet => AddressFamily.InterNetwork,
        Inet6 => AddressFamily.InterNetworkV6,
        _ => AddressFamily.Unspecified,
    };
}
