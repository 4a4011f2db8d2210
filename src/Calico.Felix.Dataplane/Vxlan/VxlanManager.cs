using System.Net;
using System.Net.Sockets;
using Calico.Api.Values;
using Calico.Core;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Loop;
using Calico.Netlink;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Felix.Dataplane.Vxlan;

/// <summary>
/// Felix's VXLAN manager and its block routes. While an IPv4 pool uses VXLAN (Always or CrossSubnet) and this node has
/// a tunnel endpoint (<see cref="VtepUpdate"/> for <see cref="VxlanManagerOptions.NodeName"/>), it keeps:
/// <list type="bullet">
/// <item>the device (vxlan.calico: VNI 4096, UDP 4789, learning off, bound to the interface holding the node's
/// address, the node's VTEP MAC, MTU = that interface's MTU − 50, the tunnel address as /32, up);</item>
/// <item>for every other node's endpoint, a permanent ARP entry (tunnel address → VTEP MAC) and an FDB entry (VTEP MAC
/// → node address) on the device;</item>
/// <item>for every other node's block in a VXLAN pool, a route via that node's tunnel address <c>onlink</c> on the
/// device, or, in a CrossSubnet pool when the node is in this node's subnet, via the node's address on the underlay
/// interface; for this node's own blocks in VXLAN pools, a blackhole route (so an unallocated address is not sent back
/// out). These routes carry <see cref="VxlanManagerOptions.RouteProtocol"/>, which is how they are recognised.</item>
/// </list>
/// Blocks in pools with vxlanMode Never get no route here (BGP programs those).
/// <para>
/// Each pass in which something changed (or a resync was requested) compares the whole desired state with the kernel
/// and repairs every difference, so drift is put back by the loop's periodic resync. Nothing is deleted before
/// <see cref="DatastoreInSync"/>. A kernel error is logged and reported in <see cref="LastResult"/>, and the pass is
/// retried on the next round; it is never thrown (policy programming must not wait for routing).
/// </para>
/// </summary>
public sealed partial class VxlanManager : IResyncingManager
{
    private readonly IRouteNetlink _netlink;
    private readonly VxlanManagerOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, VtepUpdate> _vteps = new(StringComparer.Ordinal);
    private readonly Dictionary<Cidr, BlockRouteUpdate> _blocks = [];
    private readonly HashSet<string> _vxlanPools = new(StringComparer.Ordinal);
    private bool _dirty = true;

    public VxlanManager(IRouteNetlink netlink, VxlanManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(netlink);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.NodeName);
        _netlink = netlink;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
    }

    public bool InSync { get; private set; }

    /// <summary>A pass is due (something changed, a resync was requested, or the last pass failed).</summary>
    public bool HasPendingWork => _dirty;

    public VxlanSyncResult LastResult { get; private set; } = VxlanSyncResult.Empty;

    public void OnUpdate(DataplaneMessage message)
    {
        switch (message)
        {
            case VtepUpdate update:
                _vteps[update.Node] = update;
                _dirty = true;
                break;
            case VtepRemove remove:
                _dirty |= _vteps.Remove(remove.Node);
                break;
            case BlockRouteUpdate update:
                _blocks[update.Block] = update;
                _dirty = true;
                break;
            case BlockRouteRemove remove:
                _dirty |= _blocks.Remove(remove.Block);
                break;
            case IpPoolUpdate pool:
                _dirty |= pool.Cidr.IsIPv4 && pool.VxlanMode != EncapMode.Never ? _vxlanPools.Add(pool.Name) : _vxlanPools.Remove(pool.Name);
                break;
            case IpPoolRemove pool:
                _dirty |= _vxlanPools.Remove(pool.Name);
                break;
            case DatastoreInSync when !InSync:
                InSync = true;
                _dirty = true;
                break;
            default:
                break;
        }
    }

    public void RequestResync() => _dirty = true;

    public ValueTask CompleteDeferredWorkAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_dirty)
        {
            LastResult = VxlanSyncResult.Empty;
            return ValueTask.CompletedTask;
        }

        var pass = new PassCounters();
        string? error = null;
        try
        {
            Sync(pass);
            _dirty = false;
        }
        catch (Exception e) when (e is NetlinkException or FormatException)
        {
            error = e.Message;
            Log.SyncFailed(_logger, e.Message);
        }

        LastResult = new VxlanSyncResult(pass.Device, pass.NeighboursWritten, pass.NeighboursDeleted, pass.RoutesWritten, pass.RoutesDeleted, error);
        return ValueTask.CompletedTask;
    }

    private void Sync(PassCounters pass)
    {
        var local = _vteps.GetValueOrDefault(_options.NodeName);
        var existing = _netlink.Links.Find(_options.DeviceName);
        Link? device = null;
        LinkIndex? parent = null;
        if (_vxlanPools.Count > 0 && local is not null)
        {
            parent = ParentOf(local);
            device = EnsureDevice(existing, local, parent.Value, pass);
            SyncNeighbours(device, pass);
        }
        else if (existing is not null && InSync)
        {
            _netlink.Links.Delete(existing.Index);   // its neighbours and onlink routes go with it
            pass.Device++;
            Log.DeviceDeleted(_logger, _options.DeviceName);
        }

        SyncRoutes(DesiredRoutes(local, device, parent), pass);
    }

    /// <summary>The interface that holds the node's underlay address.</summary>
    private LinkIndex ParentOf(VtepUpdate local)
    {
        foreach (var address in _netlink.Addresses.List(AddressFamily.InterNetwork))
        {
            if (address.Address.Equals(local.ParentAddress))
            {
                return address.Link;
            }
        }

        throw new FormatException($"the node address {local.ParentAddress} (Node {_options.NodeName} spec.bgp.ipv4Address) is on no interface of this node, so {_options.DeviceName} has nothing to bind to");
    }

    private Link EnsureDevice(Link? device, VtepUpdate local, LinkIndex parent, PassCounters pass)
    {
        var mac = MacAddress.Parse(local.Mac);
        var mtu = _netlink.Links.Get(parent).Mtu - _options.MtuOverhead;
        if (device is not null && !Matches(device, local, parent))
        {
            Log.DeviceReplaced(_logger, _options.DeviceName);
            _netlink.Links.Delete(device.Index);
            device = null;
            pass.Device++;
        }

        if (device is null)
        {
            device = _netlink.Links.CreateVxlan(new VxlanSpec(_options.DeviceName, _options.Vni)
            {
                Local = local.ParentAddress,
                Port = _options.Port,
                Learning = false,
                Parent = parent,
                Mac = mac,
                Mtu = mtu,
                Up = true,
            });
            pass.Device++;
            Log.DeviceCreated(_logger, _options.DeviceName, _options.Vni, local.ParentAddress, mac.ToString(), mtu);
        }
        else
        {
            if (device.Mac != mac)
            {
                _netlink.Links.SetMac(device.Index, mac);
                pass.Device++;
            }

            if (device.Mtu != mtu)
            {
                _netlink.Links.SetMtu(device.Index, mtu);
                pass.Device++;
            }

            if (!device.IsUp)
            {
                _netlink.Links.SetUp(device.Index);
                pass.Device++;
            }
        }

        var wanted = new InterfaceAddress(device.Index, local.TunnelAddress, 32);
        var addresses = _netlink.Addresses.List(AddressFamily.InterNetwork, device.Index);
        foreach (var address in addresses)
        {
            if (!address.Address.Equals(wanted.Address) || address.PrefixLength != 32)
            {
                _netlink.Addresses.Delete(address);
                pass.Device++;
            }
        }

        if (!addresses.Any(a => a.Address.Equals(wanted.Address) && a.PrefixLength == 32))
        {
            _netlink.Addresses.Add(wanted);
            pass.Device++;
        }

        return device;
    }

    private bool Matches(Link device, VtepUpdate local, LinkIndex parent) =>
        device.Kind == LinkKind.Vxlan
        && device.Vxlan is { } vxlan
        && vxlan.Vni == _options.Vni
        && vxlan.Port == _options.Port
        && !vxlan.Learning
        && vxlan.Parent == parent
        && local.ParentAddress.Equals(vxlan.Local);

    private void SyncNeighbours(Link device, PassCounters pass)
    {
        var remotes = _vteps.Values.Where(v => !string.Equals(v.Node, _options.NodeName, StringComparison.Ordinal)).ToList();
        var arp = new Dictionary<IPAddress, MacAddress>();
        var fdb = new Dictionary<MacAddress, IPAddress>();
        foreach (var vtep in remotes)
        {
            var mac = MacAddress.Parse(vtep.Mac);
            arp[vtep.TunnelAddress] = mac;
            fdb[mac] = vtep.ParentAddress;
        }

        foreach (var neighbour in _netlink.Neighbours.List(AddressFamily.InterNetwork, device.Index))
        {
            if (arp.TryGetValue(neighbour.Address, out var mac) && neighbour.Mac == mac && neighbour.State == NeighbourState.Permanent)
            {
                arp.Remove(neighbour.Address);
            }
            else if (!arp.ContainsKey(neighbour.Address) && InSync)
            {
                _netlink.Neighbours.Delete(neighbour);
                pass.NeighboursDeleted++;
            }
        }

        foreach (var (address, mac) in arp)
        {
            _netlink.Neighbours.Replace(new Neighbour(device.Index, address, mac));
            pass.NeighboursWritten++;
        }

        foreach (var entry in _netlink.Neighbours.ListFdb(device.Index))
        {
            if (fdb.TryGetValue(entry.Mac, out var destination) && destination.Equals(entry.Destination))
            {
                fdb.Remove(entry.Mac);
            }
            else if (!fdb.ContainsKey(entry.Mac) && InSync)
            {
                _netlink.Neighbours.DeleteFdb(entry);
                pass.NeighboursDeleted++;
            }
        }

        foreach (var (mac, destination) in fdb)
        {
            _netlink.Neighbours.ReplaceFdb(new FdbEntry(device.Index, mac) { Destination = destination });
            pass.NeighboursWritten++;
        }
    }

    private Dictionary<Cidr, Route> DesiredRoutes(VtepUpdate? local, Link? device, LinkIndex? parent)
    {
        var routes = new Dictionary<Cidr, Route>();
        foreach (var block in _blocks.Values)
        {
            if (block.VxlanMode == EncapMode.Never)
            {
                continue;
            }

            if (block.IsLocal)
            {
                routes[block.Block] = new Route(block.Block) { Type = RouteType.Blackhole, Protocol = _options.RouteProtocol };
            }
            else if (block.VxlanMode == EncapMode.CrossSubnet && block.SameSubnet && block.NodeAddress is { } nodeAddress && parent is { } underlay)
            {
                routes[block.Block] = new Route(block.Block) { Gateway = nodeAddress, Link = underlay, Protocol = _options.RouteProtocol };
            }
            else if (device is not null && local is not null && _vteps.TryGetValue(block.Node, out var remote))
            {
                routes[block.Block] = new Route(block.Block)
                {
                    Gateway = remote.TunnelAddress,
                    Link = device.Index,
                    Flags = RouteFlags.OnLink,
                    Protocol = _options.RouteProtocol,
                };
            }
        }

        return routes;
    }

    private void SyncRoutes(Dictionary<Cidr, Route> desired, PassCounters pass)
    {
        var existing = _netlink.Routes.List(new RouteFilter { Family = AddressFamily.InterNetwork, Protocol = _options.RouteProtocol });
        var correct = new HashSet<Cidr>();
        foreach (var route in existing)
        {
            if (desired.TryGetValue(route.Destination, out var wanted) && Same(route, wanted))
            {
                correct.Add(route.Destination);
            }
            else if (!desired.ContainsKey(route.Destination) && InSync)
            {
                _netlink.Routes.Delete(route);
                pass.RoutesDeleted++;
                Log.RouteDeleted(_logger, route.Destination);
            }
        }

        foreach (var (destination, route) in desired)
        {
            if (!correct.Contains(destination))
            {
                _netlink.Routes.Replace(route);
                pass.RoutesWritten++;
            }
        }
    }

    private static bool Same(Route kernel, Route wanted) =>
        kernel.Type == wanted.Type
        && Equals(kernel.Gateway, wanted.Gateway)
        && (wanted.Type == RouteType.Blackhole || kernel.Link == wanted.Link)
        && (kernel.Flags & RouteFlags.OnLink) == (wanted.Flags & RouteFlags.OnLink)
        && kernel.Table == wanted.Table
        && !kernel.IsMultipath;

    private sealed class PassCounters
    {
        public int Device { get; set; }

        public int NeighboursWritten { get; set; }

        public int NeighboursDeleted { get; set; }

        public int RoutesWritten { get; set; }

        public int RoutesDeleted { get; set; }
    }
}
