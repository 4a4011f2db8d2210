using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Calico.Bgp.Peers;

/// <summary>A BGPPeer's spec.peerIP: an address with an optional port ("10.0.0.9", "10.0.0.9:1790", "[fd00::9]:1790").</summary>
internal readonly record struct PeerEndpoint(IPAddress Address, int? Port)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out PeerEndpoint? endpoint)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal)
            && (address.AddressFamily == AddressFamily.InterNetworkV6 || !text.Contains(':', StringComparison.Ordinal)))
        {
            endpoint = new PeerEndpoint(address, null);
            return true;
        }

        if (IPEndPoint.TryParse(text, out var parsed) && parsed.Port > 0
            && (parsed.AddressFamily == AddressFamily.InterNetwork || text.StartsWith('[')))
        {
            endpoint = new PeerEndpoint(parsed.Address, parsed.Port == 179 ? null : parsed.Port);
            return true;
        }

        return false;
    }

    public override string ToString() =>
        Port is { } port ? string.Create(CultureInfo.InvariantCulture, $"{Address} port {port}") : Address.ToString();
}
