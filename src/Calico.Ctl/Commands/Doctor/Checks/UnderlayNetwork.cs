using Calico.Core;

namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>
/// Something on the underlay an IP pool must not overlap: a node's address and subnet (Node spec.bgp.ipv4Address) or
/// a route in a node's routing table that Calico did not program. <paramref name="Description"/> names the node and
/// the object, e.g. <c>node node1's subnet 198.18.0.0/24 (spec.bgp.ipv4Address 198.18.0.11/24)</c>.
/// </summary>
internal sealed record UnderlayNetwork(Cidr Network, string Description);
