using System.Net.Sockets;

namespace Calico.Netlink;

/// <summary>Which routes <see cref="IRoutes.List(RouteFilter)"/> returns. The default is both families of the main table.</summary>
public sealed record RouteFilter
{
    public static RouteFilter MainTable { get; } = new();

    public AddressFamily Family { get; init; } = AddressFamily.Unspecified;

    /// <summary>Null for every table.</summary>
    public RouteTable? Table { get; init; } = RouteTable.Main;

    public LinkIndex? Link { get; init; }

    /// <summary>Null for any protocol (Felix lists only its own, e.g. <see cref="RouteProtocol.Boot"/> or a configured number).</summary>
    public RouteProtocol? Protocol { get; init; }
}
