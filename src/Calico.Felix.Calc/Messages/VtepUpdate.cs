using System.Net;

namespace Calico.Felix.Calc.Messages;

/// <summary>
/// A node's VXLAN tunnel endpoint (Felix's VXLANTunnelEndpointUpdate): the underlay address the tunnel is bound to
/// (with its prefix length, for CrossSubnet decisions), the node's tunnel address from an IP pool, and its VTEP MAC.
/// Sent for every node that has all three, this node included (its own VTEP configures vxlan.calico).
/// </summary>
public sealed record VtepUpdate(string Node, IPAddress ParentAddress, int ParentPrefixLength, IPAddress TunnelAddress, string Mac) : DataplaneMessage;
