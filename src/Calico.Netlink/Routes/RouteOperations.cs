using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Calico.Core;
using Calico.Netlink.Links;
using Calico.Netlink.Protocol;

namespace Calico.Netlink.Routes;

/// <summary><see cref="IRoutes"/> over one rtnetlink connection.</summary>
internal sealed class RouteOperations(NetlinkConnection connection, LinkOperations links) : IRoutes
{
    public IReadOnlyList<Route> List() => List(RouteFilter.MainTable);

    public IReadOnlyList<Route> List(RouteFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var w = new MessageWriter(stackalloc byte[32]);
        w.Begin(MessageType.GetRoute, MessageFlags.None);
        w.WriteStruct(new RtMsg { Family = AddressFamilies.ToLinux(filter.Family) });
        return connection.Dump(w.Complete(), (in NetlinkMessage m, out Route r) => TryParse(m, out r) && Matches(r, filter), () => "list routes");
    }

    public void Add(Route route) => Write(route, MessageFlags.Create | MessageFlags.Exclusive, "add");

    public void Replace(Route route) => Write(route, MessageFlags.Create | MessageFlags.Replace, "replace");

    public void Delete(Route route)
    {
        ArgumentNullException.ThrowIfNull(route);
        Validate(route);
        var w = new MessageWriter(stackalloc byte[128]);
        w.Begin(MessageType.DelRoute, MessageFlags.None);
        WriteBody(ref w, route, route.Scope ?? RouteScope.Nowhere, route.Protocol);
        connection.Execute(w.Complete(), () => $"delete route {Describe(route)}");
    }

    private void Write(Route route, MessageFlags flags, string verb)
    {
        ArgumentNullException.ThrowIfNull(route);
        Validate(route);
        var scope = route.Scope ?? DefaultScope(route);
        var protocol = route.Protocol == RouteProtocol.Unspecified ? RouteProtocol.Boot : route.Protocol;
        var w = new MessageWriter(stackalloc byte[128]);
        w.Begin(MessageType.NewRoute, flags);
        WriteBody(ref w, route, scope, protocol);
        connection.Execute(w.Complete(), () => $"{verb} route {Describe(route)}");
    }

    private static RouteScope DefaultScope(Route route) => route.Type switch
    {
        RouteType.Local => RouteScope.Host,
        RouteType.Broadcast or RouteType.Multicast or RouteType.Anycast => RouteScope.Link,
        RouteType.Unicast when route.Gateway is null && route.Link is not null => RouteScope.Link,
        _ => RouteScope.Universe,
    };

    private static void Validate(Route route)
    {
        if (route.Gateway is { } gateway && gateway.AddressFamily != route.Family)
        {
            throw new ArgumentException($"route {route}: the gateway {gateway} is not in the destination's address family", nameof(route));
        }

        if (route.PreferredSource is { } source && source.AddressFamily != route.Family)
        {
            throw new ArgumentException($"route {route}: the source {source} is not in the destination's address family", nameof(route));
        }
    }

    private static void WriteBody(ref MessageWriter w, Route route, RouteScope scope, RouteProtocol protocol)
    {
        w.WriteStruct(new RtMsg
        {
            Family = AddressFamilies.ToLinux(route.Family),
            DestinationLength = (byte)route.Destination.PrefixLength,
            Table = route.Table.Id < 256 ? (byte)route.Table.Id : (byte)0,
            Protocol = (byte)protocol,
            Scope = (byte)scope,
            Type = (byte)route.Type,
            Flags = (uint)route.Flags,
        });
        if (route.Destination.PrefixLength > 0)
        {
            w.AddAddress(RouteAttribute.Destination, route.Destination.Address);
        }

        if (route.Gateway is { } gateway)
        {
            w.AddAddress(RouteAttribute.Gateway, gateway);
        }

        if (route.Link is { } link)
        {
            w.AddUInt32(RouteAttribute.OutputInterface, (uint)link.Value);
        }

        if (route.Metric is { } metric)
        {
            w.AddUInt32(RouteAttribute.Priority, metric);
        }

        if (route.PreferredSource is { } source)
        {
            w.AddAddress(RouteAttribute.PreferredSource, source);
        }

        w.AddUInt32(RouteAttribute.Table, route.Table.Id);
    }

    private string Describe(Route route) =>
        route.Format(route.Link is { } link ? links.Describe(link)["dev ".Length..] : null);

    private static bool Matches(Route route, RouteFilter filter) =>
        (filter.Table is not { } table || route.Table == table)
        && (filter.Link is not { } link || route.Link == link)
        && (filter.Protocol is not { } protocol || route.Protocol == protocol);

    private static bool TryParse(in NetlinkMessage message, out Route route)
    {
        route = null!;
        if (message.Type != MessageType.NewRoute)
        {
            return false;
        }

        var header = message.Read<RtMsg>();
        var family = AddressFamilies.FromLinux(header.Family);
        if (family == AddressFamily.Unspecified || (header.Flags & RouteAttribute.FlagCloned) != 0)
        {
            return false;
        }

        IPAddress? destination = null, gateway = null, source = null;
        LinkIndex? link = null;
        uint? metric = null;
        var table = (uint)header.Table;
        var multipath = false;
        foreach (var attribute in message.Attributes<RtMsg>())
        {
            switch (attribute.Type)
            {
                case RouteAttribute.Destination: destination = attribute.AsAddress(); break;
                case RouteAttribute.Gateway: gateway = attribute.AsAddress(); break;
                case RouteAttribute.PreferredSource: source = attribute.AsAddress(); break;
                case RouteAttribute.OutputInterface: link = attribute.AsInt32() > 0 ? new LinkIndex(attribute.AsInt32()) : null; break;
                case RouteAttribute.Priority: metric = attribute.AsUInt32(); break;
                case RouteAttribute.Table: table = attribute.AsUInt32(); break;
                case RouteAttribute.Multipath: multipath = true; break;
                default: break;
            }
        }

        destination ??= family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any;
        if (!Cidr.TryParseLenient(string.Create(CultureInfo.InvariantCulture, $"{destination}/{header.DestinationLength}"), out var cidr))
        {
            return false;
        }

        route = new Route(cidr)
        {
            Gateway = gateway,
            Link = link,
            Scope = (RouteScope)header.Scope,
            Protocol = (RouteProtocol)header.Protocol,
            Type = (RouteType)header.Type,
            Table = new RouteTable(table),
            Metric = metric,
            Flags = (RouteFlags)header.Flags,
            PreferredSource = source,
            IsMultipath = multipath,
        };
        return true;
    }
}
