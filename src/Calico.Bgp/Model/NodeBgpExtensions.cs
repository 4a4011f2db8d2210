using System.Net;
using System.Net.Sockets;
using Calico.Api.Resources;

namespace Calico.Bgp.Model;

/// <summary>Reads a Node's BGP fields (spec.bgp) the way confd does.</summary>
internal static class NodeBgpExtensions
{
    /// <summary>
    /// spec.bgp.ipv4Address or ipv6Address (CIDR form "10.0.0.1/24", or a bare address) as an address of
    /// <paramref name="family"/>; null when unset or not parseable.
    /// </summary>
    public static IPAddress? BgpAddress(this Node node, AddressFamily family)
    {
        var text = family == AddressFamily.InterNetwork ? node.Spec.Bgp?.Ipv4Address : node.Spec.Bgp?.Ipv6Address;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        return IPAddress.TryParse(addressText, out var address) && address.AddressFamily == family ? address : null;
    }

    /// <summary>spec.bgp.routeReflectorClusterID, or null when the node is not a route reflector.</summary>
    public static string? RouteReflectorClusterId(this Node node) =>
        string.IsNullOrWhiteSpace(node.Spec.Bgp?.RouteReflectorClusterId) ? null : node.Spec.Bgp.RouteReflectorClusterId;

    /// <summary>The node's labels (empty when it has none).</summary>
    public static IReadOnlyDictionary<string, string> LabelsOrEmpty(this Node node) =>
        (IReadOnlyDictionary<string, string>?)node.Metadata.Labels ?? new Dictionary<string, string>(StringComparer.Ordinal);
}
