using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Calico.Node.Startup;

/// <summary>An address on a host interface with its prefix length; the host bits stay (198.18.0.11/24).</summary>
/// <param name="Address">The address.</param>
/// <param name="PrefixLength">The prefix length of the interface's subnet.</param>
public readonly record struct HostAddress(IPAddress Address, int PrefixLength)
{
    /// <summary>
    /// Go's "global unicast", as Calico's first-found uses it: not unspecified, loopback, link-local (169.254/16),
    /// multicast or the limited broadcast address. Private ranges count as global.
    /// </summary>
    public bool IsGlobalUnicast
    {
        get
        {
            if (Address.AddressFamily != AddressFamily.InterNetwork)
            {
                return !(Address.Equals(IPAddress.IPv6None) || IPAddress.IsLoopback(Address) || Address.IsIPv6LinkLocal || Address.IsIPv6Multicast);
            }

            var b = Address.GetAddressBytes();
            return !(Address.Equals(IPAddress.Any) || b[0] == 127 || (b[0] == 169 && b[1] == 254) || b[0] >= 224);
        }
    }

    /// <summary>Parses "ADDRESS/PREFIX" keeping the host bits, or a bare address (prefix null).</summary>
    public static bool TryParse(string? text, out IPAddress address, out int? prefixLength)
    {
        address = IPAddress.None;
        prefixLength = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var parsed) || text.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        address = parsed;
        if (slash < 0)
        {
            return true;
        }

        var max = parsed.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > max)
        {
            return false;
        }

        prefixLength = prefix;
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Address}/{PrefixLength}");
}
