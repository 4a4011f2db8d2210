using Calico.Core;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Loop;
using Calico.Netlink;
using Calico.Policy.Ids;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Felix.Dataplane.Routes;

/// <summary>
/// Felix's routes to local workloads (its route table for workload interfaces): every address of every local
/// workload endpoint gets <c>ADDR/32 (/128) dev IFACE scope link proto P</c> in the main table, where P is
/// <see cref="RouteManagerOptions.DeviceRouteProtocol"/> (boot, as the CNI plugin's own routes), and the host side of
/// the interface gets proxy_arp=1 and forwarding=1 (IPv6: accept_ra=0, forwarding=1) when they differ.
/// <para>
/// Mark and sweep: a route is recognised as Felix's, also after a restart, by its device name (one of the
/// <see cref="RouteManagerOptions.InterfacePrefixes"/>) and its protocol. Such a route to an address no local endpoint
/// has is deleted, but never before <see cref="DatastoreInSync"/>: until then only adds and replaces happen. The
/// first pass, the first pass after in-sync and every <see cref="ResyncAsync"/> re-read the kernel's links and routes
/// and repair whatever differs; other passes only touch the destinations whose endpoints changed, trusting what this
/// manager last programmed.
/// </para>
/// <para>
/// One endpoint never fails the others: a missing interface (the endpoint can arrive before the CNI plugin created
/// the veth) or a refused request leaves that destination pending, logged and counted in <see cref="LastResult"/>,
/// and it is retried on the next <see cref="CompleteDeferredWorkAsync"/>. Nothing is thrown for it.
/// </para>
/// Used from the dataplane loop only, one call at a time.
/// </summary>
public sealed partial class RouteManager : IResyncingManager
{
    private readonly IRouteNetlink _netlink;
    private readonly string[] _prefixes;
    private readonly RouteProtocol _protocol;
    private readonly bool _configureInterfaces;
    private readonly ILogger _logger;

    // Desired state, from the calculation graph.
    private readonly Dictionary<EndpointId, WorkloadRoutes> _endpoints = [];
    private readonly Dictionary<Cidr, Dictionary<EndpointId, string>> _claims = [];
    private readonly Dictionary<string, HashSet<EndpointId>> _interfaceEndpoints = new(StringComparer.Ordinal);

    // What this manager believes the kernel holds: Felix's routes (prefix + protocol) per destination, and the
    // interfaces (by index, so a recreated veth is configured again) whose settings were checked.
    private readonly Dictionary<Cidr, List<KernelRoute>> _programmed = [];
    private readonly Dictionary<string, LinkIndex> _configured = new(StringComparer.Ordinal);

    private readonly HashSet<Cidr> _dirtyRoutes = [];
    private readonly HashSet<string> _dirtyInterfaces = new(StringComparer.Ordinal);
    private bool _resyncPending = true;

    /// <param name="netlink">rtnetlink for the node's (host) network namespace; not owned.</param>
    /// <param name="options">Interface prefixes, route protocol, logger.</param>
    public RouteManager(IRouteNetlink netlink, RouteManagerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(netlink);
        options ??= new RouteManagerOptions();
        if (options.InterfacePrefixes.Count == 0 || options.InterfacePrefixes.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("at least one non-empty interface prefix is required", nameof(options));
        }

        _netlink = netlink;
        _prefixes = [.. options.InterfacePrefixes];
        _protocol = options.DeviceRouteProtocol == RouteProtocol.Unspecified ? RouteProtocol.Boot : options.DeviceRouteProtocol;
        _configureInterfaces = options.ConfigureInterfaces;
        _logger = options.Logger ?? NullLogger.Instance;
    }

    /// <summary>A <see cref="DatastoreInSync"/> was seen: stale routes may now be removed.</summary>
    public bool InSync { get; private set; }

    /// <summary>
    /// Something is left for the next <see cref="CompleteDeferredWorkAsync"/>: messages not yet programmed, a resync
    /// due, or routes and interfaces being retried (a missing interface, a refused request). A loop that only runs
    /// rounds for new messages can use it to schedule a retry round.
    /// </summary>
    public bool HasPendingWork => _resyncPending || _dirtyRoutes.Count > 0 || _dirtyInterfaces.Count > 0;

    /// <summary>What the last pass did (and what is still pending after it).</summary>
    public RouteSyncResult LastResult { get; private set; } = RouteSyncResult.Empty;

    /// <summary>Counts summed over every pass since construction (errors, routes written and deleted…), for metrics.</summary>
    public RouteSyncResult Totals { get; private set; } = RouteSyncResult.Empty;

    public void OnUpdate(DataplaneMessage message)
    {
        switch (message)
        {
            case WorkloadEndpointUpdate update:
                SetEndpoint(update.Id, update.InterfaceName, update.Networks);
                break;
            case WorkloadEndpointRemove remove:
                RemoveEndpoint(remove.Id);
                break;
            case DatastoreInSync when !InSync:
                InSync = true;
                _resyncPending = true;   // the sweep works from a fresh read of the kernel
                break;
            default:
                break;
        }
    }

    /// <summary>Makes the next <see cref="CompleteDeferredWorkAsync"/> a full resync (the loop's periodic refresh).</summary>
    public void RequestResync() => _resyncPending = true;

    /// <summary>
    /// A full resync now: re-reads the kernel's workload interfaces and Felix's routes, repairs every difference
    /// (adds missing routes, replaces wrong ones, re-checks interface settings, and after in-sync deletes stale
    /// routes), then does any other pending work. Equivalent to <see cref="RequestResync"/> followed by
    /// <see cref="CompleteDeferredWorkAsync"/>.
    /// </summary>
    public ValueTask ResyncAsync(CancellationToken cancellationToken)
    {
        _resyncPending = true;
        return CompleteDeferredWorkAsync(cancellationToken);
    }

    /// <summary>
    /// Programs what changed (and, when due, resyncs). Per-endpoint failures are logged, counted in
    /// <see cref="LastResult"/> and retried next time; only cancellation throws.
    /// </summary>
    public ValueTask CompleteDeferredWorkAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pass = new Pass(_netlink.Links);
        if (!_resyncPending || Resync(pass))
        {
            ConfigureInterfaces(pass, cancellationToken);
            SyncRoutes(pass, cancellationToken);
        }

        LastResult = new RouteSyncResult
        {
            Resyncs = pass.Resyncs,
            RoutesWritten = pass.Written,
            RoutesDeleted = pass.Deleted,
            InterfacesConfigured = pass.Configured,
            Errors = pass.Errors,
            PendingRoutes = _dirtyRoutes.Count,
            MissingInterfaces = pass.Missing.Count,
        };
        Totals = Totals.Add(LastResult);
        return ValueTask.CompletedTask;
    }

    private void SetEndpoint(EndpointId id, string interfaceName, IReadOnlyList<Cidr> networks)
    {
        if (_endpoints.TryGetValue(id, out var old)
            && string.Equals(old.InterfaceName, interfaceName, StringComparison.Ordinal)
            && old.Networks.SequenceEqual(networks.Distinct()))
        {
            return;
        }

        if (old is not null)
        {
            Unclaim(id, old);
        }

        if (!LinkName.IsValid(interfaceName, out var error))
        {
            Log.InvalidInterface(_logger, id, error);
            _endpoints.Remove(id);
            return;
        }

        var routes = new WorkloadRoutes(interfaceName, [.. networks.Distinct()]);
        _endpoints[id] = routes;
        foreach (var network in routes.Networks)
        {
            if (!_claims.TryGetValue(network, out var claimants))
            {
                _claims[network] = claimants = [];
            }

            claimants[id] = interfaceName;
            _dirtyRoutes.Add(network);
        }

        if (!_interfaceEndpoints.TryGetValue(interfaceName, out var endpoints))
        {
            _interfaceEndpoints[interfaceName] = endpoints = [];
        }

        endpoints.Add(id);
        _configured.Remove(interfaceName);   // its address families may have changed: check its settings again
        _dirtyInterfaces.Add(interfaceName);
    }

    private void RemoveEndpoint(EndpointId id)
    {
        if (_endpoints.Remove(id, out var old))
        {
            Unclaim(id, old);
        }
    }

    private void Unclaim(EndpointId id, WorkloadRoutes routes)
    {
        foreach (var network in routes.Networks)
        {
            if (_claims.TryGetValue(network, out var claimants) && claimants.Remove(id) && claimants.Count == 0)
            {
                _claims.Remove(network);
            }

            _dirtyRoutes.Add(network);
        }

        if (_interfaceEndpoints.TryGetValue(routes.InterfaceName, out var endpoints) && endpoints.Remove(id) && endpoints.Count == 0)
        {
            _interfaceEndpoints.Remove(routes.InterfaceName);
            _configured.Remove(routes.InterfaceName);
            _dirtyInterfaces.Remove(routes.InterfaceName);
        }
    }

    /// <summary>Re-reads the kernel: every workload interface and every route of ours on one. False when the kernel could not be read.</summary>
    private bool Resync(Pass pass)
    {
        IReadOnlyList<Link> links;
        IReadOnlyList<Route> routes;
        try
        {
            links = _netlink.Links.List();
            routes = _netlink.Routes.List(new RouteFilter { Protocol = _protocol });
        }
        catch (NetlinkException e)
        {
            pass.Errors++;
            Log.ResyncFailed(_logger, e.Message);
            return false;
        }

        pass.Links.Fill(links);
        var workloadLinks = new Dictionary<LinkIndex, string>();
        foreach (var link in links)
        {
            if (IsWorkloadInterface(link.Name.Value))
            {
                workloadLinks[link.Index] = link.Name.Value;
            }
        }

        _programmed.Clear();
        var ours = 0;
        foreach (var route in routes)
        {
            if (route.Link is not { } index || !workloadLinks.TryGetValue(index, out var name) || route.Table != RouteTable.Main)
            {
                continue;
            }

            if (!_programmed.TryGetValue(route.Destination, out var entries))
            {
                _programmed[route.Destination] = entries = [];
            }

            entries.Add(new KernelRoute(name, index, route.Metric,
                IsExact: route.Gateway is null && route.Scope == RouteScope.Link && route.Type == RouteType.Unicast && !route.IsMultipath));
            ours++;
        }

        _dirtyRoutes.UnionWith(_claims.Keys);
        _dirtyRoutes.UnionWith(_programmed.Keys);
        _configured.Clear();
        _dirtyInterfaces.UnionWith(_interfaceEndpoints.Keys);
        _resyncPending = false;
        pass.Resyncs++;
        Log.Resynced(_logger, workloadLinks.Count, ours, (byte)_protocol, InSync);
        return true;
    }

    private void ConfigureInterfaces(Pass pass, CancellationToken cancellationToken)
    {
        foreach (var name in _dirtyInterfaces.Order(StringComparer.Ordinal).ToArray())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_interfaceEndpoints.TryGetValue(name, out var endpoints) || !_configureInterfaces)
            {
                _dirtyInterfaces.Remove(name);
                continue;
            }

            try
            {
                if (pass.Links.Find(name) is not { } link)
                {
                    pass.Missing.Add(name);
                    continue;
                }

                if (!_configured.TryGetValue(name, out var index) || index != link.Index)
                {
                    var wantsV6 = endpoints.Any(id => _endpoints[id].Networks.Any(n => !n.IsIPv4));
                    if (Configure(link, wantsV6))
                    {
                        pass.Configured++;
                        Log.InterfaceConfigured(_logger, name);
                    }

                    _configured[name] = link.Index;
                }

                _dirtyInterfaces.Remove(name);
            }
            catch (Exception e) when (e is NetlinkException or IOException or UnauthorizedAccessException)
            {
                pass.Errors++;
                Log.ConfigureFailed(_logger, name, e.Message);
            }
        }
    }

    /// <summary>Sets what differs of proxy_arp, forwarding (and for IPv6 accept_ra, forwarding); true when something was changed.</summary>
    private bool Configure(Link link, bool wantsV6)
    {
        var settings = _netlink.DeviceSettings;
        var changed = false;
        if (settings.GetIPv4(link.Index, IPv4DeviceSetting.ProxyArp) != 1 || settings.GetIPv4(link.Index, IPv4DeviceSetting.Forwarding) != 1)
        {
            settings.SetIPv4(link.Index, IPv4Setting.ProxyArp(true), IPv4Setting.Forwarding(true));
            changed = true;
        }

        if (wantsV6)
        {
            if (settings.GetIPv6(link.Name, IPv6DeviceSetting.AcceptRa) != 0)
            {
                settings.SetIPv6(link.Name, IPv6DeviceSetting.AcceptRa, 0);
                changed = true;
            }

            if (settings.GetIPv6(link.Name, IPv6DeviceSetting.Forwarding) != 1)
            {
                settings.SetIPv6(link.Name, IPv6DeviceSetting.Forwarding, 1);
                changed = true;
            }
        }

        return changed;
    }

    private void SyncRoutes(Pass pass, CancellationToken cancellationToken)
    {
        foreach (var destination in _dirtyRoutes.ToArray())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (SyncRoute(destination, pass))
            {
                _dirtyRoutes.Remove(destination);
            }
        }
    }

    /// <summary>Brings one destination's routes to the desired state; false when it must be retried (missing interface, error).</summary>
    private bool SyncRoute(Cidr destination, Pass pass)
    {
        if (!_programmed.TryGetValue(destination, out var entries))
        {
            entries = [];
        }

        var complete = true;
        string? target = null;
        Link? targetLink = null;
        if (_claims.TryGetValue(destination, out var claimants))
        {
            // Normally one endpoint per address. When several claim it (a pod recreated before the old endpoint
            // was removed), the first in name order whose interface exists wins; the others are retried.
            foreach (var name in claimants.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                Link? link;
                try
                {
                    link = pass.Links.Find(name);
                }
                catch (NetlinkException e)
                {
                    pass.Errors++;
                    Log.LinkLookupFailed(_logger, name, e.Message);
                    return false;
                }

                if (link is null)
                {
                    pass.Missing.Add(name);
                    Log.InterfaceMissing(_logger, name, destination);
                    complete = false;
                }
                else if (target is null)
                {
                    target = name;
                    targetLink = link;
                }
            }
        }

        if (target is not null && targetLink is not null && !entries.Any(e => e.IsDesired(target, targetLink.Index, destination)))
        {
            try
            {
                _netlink.Routes.Replace(new Route(destination) { Link = targetLink.Index, Scope = RouteScope.Link, Protocol = _protocol });
            }
            catch (NetlinkException e)
            {
                pass.Errors++;
                Log.WriteFailed(_logger, destination, target, e.Message);
                return false;
            }

            pass.Written++;
            Log.RouteWritten(_logger, destination, target);
            entries.RemoveAll(e => e.HasDefaultMetric(destination));   // the kernel replaced it
            entries.Add(new KernelRoute(target, targetLink.Index, null, IsExact: true));
        }

        // Sweep: every other route of ours to this destination is stale, but only once the datastore is in sync
        // (before that, a missing endpoint may just not have been sent yet; the resync after in-sync comes back).
        if (InSync)
        {
            for (var i = entries.Count - 1; i >= 0; i--)
            {
                var entry = entries[i];
                if (target is not null && targetLink is not null && entry.IsDesired(target, targetLink.Index, destination))
                {
                    continue;
                }

                try
                {
                    _netlink.Routes.Delete(new Route(destination) { Link = entry.Index, Protocol = _protocol, Metric = entry.Metric, Table = RouteTable.Main });
                    pass.Deleted++;
                    Log.RouteDeleted(_logger, destination, entry.InterfaceName);
                }
                catch (NetlinkException e) when (e.IsNotFound)
                {
                    // Already gone (its interface was deleted, taking its routes along).
                }
                catch (NetlinkException e)
                {
                    pass.Errors++;
                    Log.DeleteFailed(_logger, destination, entry.InterfaceName, e.Message);
                    complete = false;
                    continue;
                }

                entries.RemoveAt(i);
            }
        }

        if (entries.Count == 0)
        {
            _programmed.Remove(destination);
        }
        else
        {
            _programmed[destination] = entries;
        }

        return complete;
    }

    private bool IsWorkloadInterface(string name)
    {
        foreach (var prefix in _prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One local endpoint's interface and addresses.</summary>
    private sealed record WorkloadRoutes(string InterfaceName, Cidr[] Networks);

    /// <summary>One of our routes as the kernel holds it (or as we wrote it).</summary>
    private sealed record KernelRoute(string InterfaceName, LinkIndex Index, uint? Metric, bool IsExact)
    {
        /// <summary>IPv4 routes without RTA_PRIORITY have metric 0; IPv6 routes get 1024.</summary>
        public bool HasDefaultMetric(Cidr destination) =>
            Metric is null || Metric == (destination.IsIPv4 ? 0u : 1024u);

        public bool IsDesired(string interfaceName, LinkIndex index, Cidr destination) =>
            IsExact && Index == index && string.Equals(InterfaceName, interfaceName, StringComparison.Ordinal) && HasDefaultMetric(destination);
    }

    /// <summary>The state of one pass: a link cache (one lookup per name, or the resync's full listing) and counters.</summary>
    private sealed class Pass(ILinks links)
    {
        public LinkCache Links { get; } = new(links);

        public HashSet<string> Missing { get; } = new(StringComparer.Ordinal);

        public int Resyncs { get; set; }

        public int Written { get; set; }

        public int Deleted { get; set; }

        public int Configured { get; set; }

        public int Errors { get; set; }
    }

    private sealed class LinkCache(ILinks links)
    {
        private readonly Dictionary<string, Link?> _byName = new(StringComparer.Ordinal);
        private bool _complete;

        public void Fill(IReadOnlyList<Link> all)
        {
            _byName.Clear();
            foreach (var link in all)
            {
                _byName[link.Name.Value] = link;
            }

            _complete = true;
        }

        public Link? Find(string name)
        {
            if (_byName.TryGetValue(name, out var link))
            {
                return link;
            }

            if (_complete)
            {
                return null;
            }

            link = links.Find(new LinkName(name));
            _byName[name] = link;
            return link;
        }
    }
}
