using System.Net;
using System.Net.Sockets;

namespace Calico.Netlink;

/// <summary>An ARP (IPv4) or NDP (IPv6) entry: IP → MAC on a link. Calico adds permanent ones for remote VTEPs.</summary>
public sealed record Neighbour(LinkIndex Link, IPAddress Address, MacAddress? Mac)
{
    public NeighbourState State { get; init; } = NeighbourState.Permanent;

    public NeighbourFlags Flags { get; init; }

    public AddressFamily Family => Address.AddressFamily;

    public override string ToString() => $"{Address} lladdr {Mac?.ToString() ?? "none"} dev #{Link} {State}";
}
