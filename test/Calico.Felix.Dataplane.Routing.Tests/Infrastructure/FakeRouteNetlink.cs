using Calico.Core;
using Calico.Netlink;

namespace Calico.Felix.Dataplane.Routing.Tests.Infrastructure;

/// <summary>
/// An in-memory namespace for the route manager: links (name and index), the main and other tables' routes with the
/// kernel's add/replace/delete rules (one route per destination, table and metric; unset protocol stored as boot,
/// unset scope as link for a device route; IPv4 metric 0 read back as none, IPv6 as 1024; routes go with their link),
/// IPv4/IPv6 device settings, a count of every request, and injectable failures. Addresses and neighbours are not
/// modelled.
/// </summary>
internal sealed class FakeRouteNetlink : IRouteNetlink, ILinks, IRoutes, IDeviceSettings
{
    private readonly List<Link> _links = [];
    private readonly List<Route> _routes = [];
    private readonly Dictionary<(int Link, string Setting), int> _settings = [];
    private int _nextIndex = 10;

    public NetworkNamespace Namespace => throw new NotSupportedException("the fake has no namespace");

    public ILinks Links => this;

    public IAddresses Addresses => throw new NotSupportedException();

    public IRoutes Routes => this;

    public INeighbours Neighbours => throw new NotSupportedException();

    public IDeviceSettings DeviceSettings => this;

    /// <summary>Every request, in order ("replace 10.0.0.1/32 dev cali1", "delete …", "list routes", "set ipv4 cali1 …").</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Destinations whose add/replace fails with EPERM (until removed from the set).</summary>
    public HashSet<Cidr> FailWrites { get; } = [];

    /// <summary>Makes listing fail (the resync's read) while true.</summary>
    public bool FailLists { get; set; }

    public IReadOnlyList<Route> AllRoutes => _routes;

    public Link AddLink(string name)
    {
        var link = new Link(new LinkIndex(_nextIndex++), name) { Kind = LinkKind.Veth };
        _links.Add(link);
        return link;
    }

    /// <summary>Deletes a link and, as the kernel does, its routes.</summary>
    public void RemoveLink(string name)
    {
        var link = _links.Single(l => l.Name.Value == name);
        _links.Remove(link);
        _routes.RemoveAll(r => r.Link == link.Index);
        _settings.Keys.Where(k => k.Link == link.Index.Value).ToList().ForEach(k => _settings.Remove(k));
    }

    /// <summary>Adds a route directly (someone else's, or one left from before a restart), as the kernel would store it.</summary>
    public void Seed(Route route) => _routes.Add(Normalise(route));

    /// <summary>Removes a route behind the manager's back.</summary>
    public void Drop(Cidr destination) => _routes.RemoveAll(r => r.Destination == destination);

    public Route? RouteTo(Cidr destination) => _routes.SingleOrDefault(r => r.Destination == destination && r.Table == RouteTable.Main);

    public string? DeviceOf(Route route) => _links.SingleOrDefault(l => l.Index == route.Link)?.Name.Value;

    public int Setting(string link, string setting) =>
        _settings.TryGetValue((_links.Single(l => l.Name.Value == link).Index.Value, setting), out var value) ? value : 0;

    public void SetSetting(string link, string setting, int value) =>
        _settings[(_links.Single(l => l.Name.Value == link).Index.Value, setting)] = value;

    // ILinks
    public IReadOnlyList<Link> List()
    {
        Requests.Add("list links");
        return FailLists ? throw new NetlinkException("list links", Errno.EPERM) : [.. _links];
    }

    public Link? Find(LinkName name)
    {
        Requests.Add($"find link {name.Value}");
        return _links.SingleOrDefault(l => l.Name == name);
    }

    public Link? Find(LinkIndex index) => _links.SingleOrDefault(l => l.Index == index);

    public Link Get(LinkName name) => Find(name) ?? throw new NetlinkException($"get link {name.Value}", Errno.ENODEV);

    public Link Get(LinkIndex index) => Find(index) ?? throw new NetlinkException($"get link #{index}", Errno.ENODEV);

    public Link CreateVeth(VethSpec spec) => throw new NotSupportedException();

    public Link CreateVxlan(VxlanSpec spec) => throw new NotSupportedException();

    public Link CreateBridge(LinkName name, bool up = false) => throw new NotSupportedException();

    public void SetUp(LinkIndex link) => throw new NotSupportedException();

    public void SetDown(LinkIndex link) => throw new NotSupportedException();

    public void SetMac(LinkIndex link, MacAddress mac) => throw new NotSupportedException();

    public void SetMtu(LinkIndex link, int mtu) => throw new NotSupportedException();

    public void Rename(LinkIndex link, LinkName newName) => throw new NotSupportedException();

    public void SetMaster(LinkIndex link, LinkIndex? master) => throw new NotSupportedException();

    public void MoveTo(LinkIndex link, NetworkNamespace target, LinkName? newName = null) => throw new NotSupportedException();

    public void Delete(LinkIndex link) => throw new NotSupportedException();

    // IRoutes
    public IReadOnlyList<Route> List(RouteFilter filter)
    {
        Requests.Add("list routes");
        if (FailLists)
        {
            throw new NetlinkException("list routes", Errno.EPERM);
        }

        return [.. _routes.Where(r =>
            (filter.Table is not { } table || r.Table == table)
            && (filter.Link is not { } link || r.Link == link)
            && (filter.Protocol is not { } protocol || r.Protocol == protocol)
            && (filter.Family == System.Net.Sockets.AddressFamily.Unspecified || r.Family == filter.Family))];
    }

    IReadOnlyList<Route> IRoutes.List() => List(RouteFilter.MainTable);

    public void Add(Route route) => Write(route, replace: false);

    public void Replace(Route route) => Write(route, replace: true);

    public void Delete(Route route)
    {
        Requests.Add($"delete {route.Destination} dev {Name(route.Link)}");
        var match = _routes.FirstOrDefault(r =>
            r.Destination == route.Destination && r.Table == route.Table
            && (route.Link is not { } link || r.Link == link)
            && (route.Protocol == RouteProtocol.Unspecified || r.Protocol == route.Protocol)
            && (route.Metric is not { } metric || EffectiveMetric(r) == metric)
            && (route.Scope is not { } scope || r.Scope == scope));
        if (match is null)
        {
            throw new NetlinkException($"delete route {route.Destination}", Errno.ESRCH);
        }

        _routes.Remove(match);
    }

    // IDeviceSettings
    public void SetIPv4(LinkIndex link, params ReadOnlySpan<IPv4Setting> settings)
    {
        foreach (var setting in settings)
        {
            Requests.Add($"set ipv4 {Name(link)} {setting.Setting}={setting.Value}");
            _settings[(link.Value, setting.Setting.ToString())] = setting.Value;
        }
    }

    public int GetIPv4(LinkIndex link, IPv4DeviceSetting setting) =>
        _settings.TryGetValue((link.Value, setting.ToString()), out var value) ? value : 0;

    public void SetIPv6(LinkName link, IPv6DeviceSetting setting, int value)
    {
        Requests.Add($"set ipv6 {link.Value} {setting}={value}");
        _settings[(Get(link).Index.Value, "v6" + setting)] = value;
    }

    public int GetIPv6(LinkName link, IPv6DeviceSetting setting) =>
        _settings.TryGetValue((Get(link).Index.Value, "v6" + setting), out var value) ? value
        : setting == IPv6DeviceSetting.AcceptRa ? 1 : 0;   // the kernel's defaults

    public void Dispose()
    {
    }

    private static uint EffectiveMetric(Route route) => route.Metric ?? (route.Destination.IsIPv4 ? 0u : 1024u);

    private void Write(Route route, bool replace)
    {
        Requests.Add($"{(replace ? "replace" : "add")} {route.Destination} dev {Name(route.Link)}");
        if (FailWrites.Contains(route.Destination))
        {
            throw new NetlinkException($"replace route {route.Destination}", Errno.EPERM);
        }

        if (route.Link is { } link && Find(link) is null)
        {
            throw new NetlinkException($"replace route {route.Destination}", Errno.ENODEV);
        }

        var stored = Normalise(route);
        var existing = _routes.FindIndex(r => r.Destination == stored.Destination && r.Table == stored.Table && EffectiveMetric(r) == EffectiveMetric(stored));
        if (existing >= 0 && !replace)
        {
            throw new NetlinkException($"add route {route.Destination}", Errno.EEXIST);
        }

        if (existing >= 0)
        {
            _routes[existing] = stored;
        }
        else
        {
            _routes.Add(stored);
        }
    }

    private static Route Normalise(Route route) => route with
    {
        Protocol = route.Protocol == RouteProtocol.Unspecified ? RouteProtocol.Boot : route.Protocol,
        Scope = route.Scope ?? (route.Gateway is null && route.Link is not null ? RouteScope.Link : RouteScope.Universe),
        Metric = route.Destination.IsIPv4 ? (route.Metric is 0 ? null : route.Metric) : route.Metric ?? 1024,
    };

    private string Name(LinkIndex? index) => index is { } i ? _links.SingleOrDefault(l => l.Index == i)?.Name.Value ?? $"#{i}" : "?";
}
