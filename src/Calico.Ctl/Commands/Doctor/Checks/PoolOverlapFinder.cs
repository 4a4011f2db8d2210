using System.Net;
using System.Text.Json.Nodes;
using Calico.Core;

namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>
/// The seed's gotcha 1 ("Pod CIDR overlap with VPC, VPN, or on-prem routes creates strange partial connectivity
/// failures"): which underlay networks each pool overlaps. Pure, for tests.
/// </summary>
internal static class PoolOverlapFinder
{
    /// <summary>For each pool (name, CIDR), the underlay networks it overlaps; pools that overlap nothing are left out.</summary>
    public static IReadOnlyList<(string Pool, Cidr Cidr, IReadOnlyList<UnderlayNetwork> Overlaps)> Find(
        IReadOnlyList<(string Name, Cidr Cidr)> pools, IReadOnlyList<UnderlayNetwork> underlay)
    {
        var result = new List<(string, Cidr, IReadOnlyList<UnderlayNetwork>)>();
        foreach (var (name, cidr) in pools)
        {
            var overlaps = underlay.Where(u => u.Network.Family == cidr.Family && u.Network.Overlaps(cidr)).ToList();
            if (overlaps.Count > 0)
            {
                result.Add((name, cidr, overlaps));
            }
        }

        return result;
    }

    /// <summary>A node's address and its subnet from spec.bgp.ipv4Address (<c>198.18.0.11/24</c>); none when unset or invalid.</summary>
    public static IEnumerable<UnderlayNetwork> FromNodeAddress(string node, string? ipv4Address)
    {
        if (!Cidr.TryParseLenient(ipv4Address, out var subnet))
        {
            yield break;
        }

        var address = ipv4Address!.Split('/')[0];
        yield return new UnderlayNetwork(subnet, $"node {node}'s address {address} and subnet {subnet} (spec.bgp.ipv4Address {ipv4Address})");
    }

    /// <summary>
    /// The routes of <c>ip -j route</c> in a node that are not Calico's own: not the default route, not via a
    /// <c>cali*</c> or <c>vxlan.calico</c> device, not learned by BIRD, not a blackhole or unreachable block route.
    /// </summary>
    public static IEnumerable<UnderlayNetwork> FromRoutes(string node, JsonArray routes)
    {
        foreach (var route in routes)
        {
            var dst = route?["dst"]?.GetValue<string>();
            var dev = route?["dev"]?.GetValue<string>() ?? string.Empty;
            var protocol = route?["protocol"]?.GetValue<string>() ?? string.Empty;
            var type = route?["type"]?.GetValue<string>() ?? "unicast";
            if (dst is null or "default"
                || dev.StartsWith("cali", StringComparison.Ordinal) || dev.StartsWith("vxlan", StringComparison.Ordinal)
                || protocol is "bird" or "12" || type is "blackhole" or "unreachable" or "prohibit")
            {
                continue;
            }

            var text = dst.Contains('/', StringComparison.Ordinal) ? dst : IPAddress.TryParse(dst, out var a) ? $"{a}/{(a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)}" : dst;
            if (Cidr.TryParseLenient(text, out var network))
            {
                var via = route?["gateway"]?.GetValue<string>() is { } gateway ? $" via {gateway}" : string.Empty;
                yield return new UnderlayNetwork(network, $"node {node}'s route {dst}{via} dev {dev}{(protocol.Length > 0 ? $" proto {protocol}" : string.Empty)}");
            }
        }
    }
}
