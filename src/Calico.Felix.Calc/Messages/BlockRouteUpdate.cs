using System.Net;
using Calico.Api.Values;
using Calico.Core;

namespace Calico.Felix.Calc.Messages;

/// <summary>
/// An IPAM block affine to a node, with what routing it needs (Felix's RouteUpdate for a block): the node that owns
/// it and that node's underlay address (null when the node has none), whether it is this node's own block, the
/// VXLAN mode of the pool it lies in, and whether the owning node is in this node's subnet (for CrossSubnet).
/// Blocks outside every pool are not sent.
/// </summary>
public sealed record BlockRouteUpdate(Cidr Block, string Node, bool IsLocal, IPAddress? NodeAddress, EncapMode VxlanMode, bool SameSubnet) : DataplaneMessage;
