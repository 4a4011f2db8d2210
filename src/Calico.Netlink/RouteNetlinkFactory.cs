using Calico.Netlink.Protocol;

namespace Calico.Netlink;

/// <summary>The kernel-backed <see cref="IRouteNetlinkFactory"/>.</summary>
public sealed class RouteNetlinkFactory : IRouteNetlinkFactory
{
    public IRouteNetlink Open(NetworkNamespace ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var connection = ns.Run(NetlinkConnection.Open);
        return new RouteNetlink(ns, connection);
    }
}
