using System.Net;
using System.Net.Sockets;
using Calico.Api.Resources;
using Calico.Api.Values;
using Calico.Core;
using Calico.Felix.Calc.Messages;

namespace Calico.Felix.Calc.Graph;

/// <summary>
/// Felix's L3 route and VXLAN resolvers in one: from the Node resources, the IPAM blocks and the pools, which VXLAN
/// tunnel endpoints exist (<see cref="VtepUpdate"/>) and which block lives on which node (<see cref="BlockRouteUpdate"/>).
/// It recomputes its outputs only when one of its inputs changed in a way that matters (a block's allocations changing
/// do not), and sends only differences: tunnel endpoints before the routes that use them, route removals before
/// tunnel endpoint removals.
/// </summary>
internal sealed class BlockRouteResolver(string nodeName)
{
    // A block's affinity field for a node (Calico.Ipam's IpamNames.HostAffinityPrefix; the graph does not reference IPAM).
    private const string HostAffinityPrefix = "host:";

    private readonly Dictionary<string, NodeEndpoint> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BlockOwner> _blocks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Cidr Cidr, EncapMode VxlanMode)> _pools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VtepUpdate> _sentVteps = new(StringComparer.Ordinal);
    private readonly Dictionary<Cidr, BlockRouteUpdate> _sentRoutes = [];
    private readonly List<DataplaneMessage> _pendingRemovals = [];
    private bool _dirty;

    /// <summary>Blocks with a route (for metrics and tests).</summary>
    public int RouteCount => _sentRoutes.Count;

    public void UpdateNode(Node node)
    {
        var spec = node.Spec;
        IPAddress? address = null;
        var prefixLength = 32;
        if (spec.Bgp?.Ipv4Address is { Length: > 0 } text)
        {
            (address, prefixLength) = ParseHostAddress(text, "spec.bgp.ipv4Address");
        }

        IPAddress? tunnel = null;
        if (spec.Ipv4VxlanTunnelAddr is { Length: > 0 } tunnelText)
        {
            (tunnel, _) = ParseHostAddress(tunnelText, "spec.ipv4VXLANTunnelAddr");
        }

        var endpoint = new NodeEndpoint(address, prefixLength, tunnel, string.IsNullOrWhiteSpace(spec.VxlanTunnelMacAddr) ? null : spec.VxlanTunnelMacAddr.Trim().ToLowerInvariant());
        if (!_nodes.TryGetValue(node.Name, out var old) || old != endpoint)
        {
            _nodes[node.Name] = endpoint;
            _dirty = true;
        }
    }

    public void DeleteNode(string name) => _dirty |= _nodes.Remove(name);

    public void UpdateBlock(IPAMBlock block)
    {
        var spec = block.Spec;
        if (spec.Deleted == true)
        {
            DeleteBlock(block.Name);
            return;
        }

        if (!Cidr.TryParse(spec.Cidr, out var cidr, out var error))
        {
            throw new FormatException($"spec.cidr: {error}");
        }

        var owner = spec.Affinity is { } affinity && affinity.StartsWith(HostAffinityPrefix, StringComparison.Ordinal) ? affinity[HostAffinityPrefix.Length..] : null;
        var entry = new BlockOwner(cidr, owner);
        if (!_blocks.TryGetValue(block.Name, out var old) || old != entry)
        {
            _blocks[block.Name] = entry;
            _dirty = true;
        }
    }

    public void DeleteBlock(string name) => _dirty |= _blocks.Remove(name);

    public void UpdatePool(string name, Cidr cidr, EncapMode vxlanMode)
    {
        if (!_pools.TryGetValue(name, out var old) || old != (cidr, vxlanMode))
        {
            _pools[name] = (cidr, vxlanMode);
            _dirty = true;
        }
    }

    public void DeletePool(string name) => _dirty |= _pools.Remove(name);

    /// <summary>Emits new and changed tunnel endpoints, then new and changed block routes; keeps the removals for <see cref="FlushRemovals"/>.</summary>
    public void FlushUpdates(List<DataplaneMessage> output)
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        var vteps = DesiredVteps();
        var routes = DesiredRoutes();
        foreach (var (node, vtep) in vteps.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!_sentVteps.TryGetValue(node, out var sent) || sent != vtep)
            {
                output.Add(vtep);
                _sentVteps[node] = vtep;
            }
        }

        foreach (var (block, route) in routes.OrderBy(r => r.Key.ToString(), StringComparer.Ordinal))
        {
            if (!_sentRoutes.TryGetValue(block, out var sent) || sent != route)
            {
                output.Add(route);
                _sentRoutes[block] = route;
            }
        }

        foreach (var block in _sentRoutes.Keys.Where(b => !routes.ContainsKey(b)).ToList())
        {
            _sentRoutes.Remove(block);
            _pendingRemovals.Add(new BlockRouteRemove(block));
        }

        foreach (var node in _sentVteps.Keys.Where(n => !vteps.ContainsKey(n)).Order(StringComparer.Ordinal).ToList())
        {
            _sentVteps.Remove(node);
            _pendingRemovals.Add(new VtepRemove(node));
        }
    }

    /// <summary>Route removals, then tunnel endpoint removals (the reverse of their dependency).</summary>
    public void FlushRemovals(List<DataplaneMessage> output)
    {
        output.AddRange(_pendingRemovals);
        _pendingRemovals.Clear();
    }

    private Dictionary<string, VtepUpdate> DesiredVteps()
    {
        var vteps = new Dictionary<string, VtepUpdate>(StringComparer.Ordinal);
        foreach (var (name, node) in _nodes)
        {
            if (node is { Address: { } address, Tunnel: { } tunnel, Mac: { } mac })
            {
                vteps[name] = new VtepUpdate(name, address, node.PrefixLength, tunnel, mac);
            }
        }

        return vteps;
    }

    private Dictionary<Cidr, BlockRouteUpdate> DesiredRoutes()
    {
        var routes = new Dictionary<Cidr, BlockRouteUpdate>();
        _nodes.TryGetValue(nodeName, out var local);
        Cidr? localSubnet = local?.Address is { } localAddress ? Cidr.Parse($"{Cidr.Mask(localAddress, local.PrefixLength)}/{local.PrefixLength}") : null;
        foreach (var block in _blocks.Values)
        {
            if (block.Node is not { } owner || !block.Cidr.IsIPv4 || PoolOf(block.Cidr) is not { } vxlanMode)
            {
                continue;
            }

            var address = _nodes.GetValueOrDefault(owner)?.Address;
            var sameSubnet = address is not null && localSubnet is { } subnet && subnet.Contains(address);
            routes[block.Cidr] = new BlockRouteUpdate(block.Cidr, owner, string.Equals(owner, nodeName, StringComparison.Ordinal), address, vxlanMode, sameSubnet);
        }

        return routes;
    }

    /// <summary>The VXLAN mode of the (most specific) pool holding the block; null when no pool holds it.</summary>
    private EncapMode? PoolOf(Cidr block)
    {
        EncapMode? mode = null;
        var best = -1;
        foreach (var (cidr, vxlanMode) in _pools.Values)
        {
            if (cidr.Covers(block) && cidr.PrefixLength > best)
            {
                best = cidr.PrefixLength;
                mode = vxlanMode;
            }
        }

        return mode;
    }

    private static (IPAddress Address, int PrefixLength) ParseHostAddress(string text, string field)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new FormatException($"{field} \"{text}\" is not an IPv4 address");
        }

        var prefixLength = 32;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefixLength) || prefixLength > 32))
        {
            throw new FormatException($"{field} \"{text}\" has an invalid prefix length");
        }

        return (address, prefixLength);
    }

    private sealed record NodeEndpoint(IPAddress? Address, int PrefixLength, IPAddress? Tunnel, string? Mac);

    private sealed record BlockOwner(Cidr Cidr, string? Node);
}
