using Calico.Netlink.Addresses;
using Calico.Netlink.DeviceSettings;
using Calico.Netlink.Links;
using Calico.Netlink.Neighbours;
using Calico.Netlink.Protocol;
using Calico.Netlink.Routes;

namespace Calico.Netlink;

/// <summary>Groups the per-concept operations over one connection.</summary>
internal sealed class RouteNetlink : IRouteNetlink
{
    private readonly NetlinkConnection _connection;

    public RouteNetlink(NetworkNamespace ns, NetlinkConnection connection)
    {
        Namespace = ns;
        _connection = connection;
        var links = new LinkOperations(connection, ns);
        Links = links;
        Addresses = new AddressOperations(connection, links);
        Routes = new RouteOperations(connection, links);
        Neighbours = new NeighbourOperations(connection, links);
        DeviceSettings = new DeviceSettingOperations(connection, links, ns);
    }

    public NetworkNamespace Namespace { get; }

    public ILinks Links { get; }

    public IAddresses Addresses { get; }

    public IRoutes Routes { get; }

    public INeighbours Neighbours { get; }

    public IDeviceSettings DeviceSettings { get; }

    public void Dispose() => _connection.Dispose();
}
