using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Calico.Core;

namespace Calico.Netlink;

/// <summary>
/// A route. For add/replace, unset <see cref="Scope"/> means "link" for a device route without gateway and
/// "universe" otherwise, and <see cref="RouteProtocol.Unspecified"/> means boot, as <c>ip route add</c> does.
/// For delete, unset fields match anything (the kernel matches on what is given).
/// </summary>
public sealed record Route(Cidr Destination)
{
    public IPAddress? Gateway { get; init; }

    /// <summary>The output device (RTA_OIF).</summary>
    public LinkIndex? Link { get; init; }

    public RouteScope? Scope { get; init; }

    public RouteProtocol Protocol { get; init; }

    public RouteType Type { get; init; } = RouteType.Unicast;

    public RouteTable Table { get; init; } = RouteTable.Main;

    /// <summary>RTA_PRIORITY. The kernel gives IPv6 routes 1024 when unset.</summary>
    public uint? Metric { get; init; }

    public RouteFlags Flags { get; init; }

    public IPAddress? PreferredSource { get; init; }

    /// <summary>Read back only: the route has several next hops (RTA_MULTIPATH), which this library does not decode.</summary>
    public bool IsMultipath { get; init; }

    public AddressFamily Family => Destination.Family;

    /// <summary>The route in ip-route's words, with the device as an index ("dev #5"); operations print names.</summary>
    public override string ToString() => Format(Link is { } l ? $"#{l}" : null);

    internal string Format(string? device)
    {
        var text = new StringBuilder();
        text.Append(Type == RouteType.Unicast ? string.Empty : Type.ToString().ToLowerInvariant() + " ");
        text.Append(Destination.PrefixLength == 0 ? "default" : Destination.ToString());
        if (Gateway is { } gateway)
        {
            text.Append(CultureInfo.InvariantCulture, $" via {gateway}");
        }

        if (device is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" dev {device}");
        }

        if (Table != RouteTable.Main)
        {
            text.Append(CultureInfo.InvariantCulture, $" table {Table}");
        }

        if (Protocol != RouteProtocol.Unspecified)
        {
            text.Append(CultureInfo.InvariantCulture, $" proto {Protocol.ToString().ToLowerInvariant()}");
        }

        if (Scope is { } scope)
        {
            text.Append(CultureInfo.InvariantCulture, $" scope {scope.ToString().ToLowerInvariant()}");
        }

        if (Metric is { } metric)
        {
            text.Append(CultureInfo.InvariantCulture, $" metric {metric}");
        }

        if ((Flags & RouteFlags.OnLink) != 0)
        {
            text.Append(" onlink");
        }

        return text.ToString();
    }
}
