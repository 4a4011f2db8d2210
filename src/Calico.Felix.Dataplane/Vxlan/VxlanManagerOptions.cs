using Calico.Netlink;
using Microsoft.Extensions.Logging;

namespace Calico.Felix.Dataplane.Vxlan;

/// <summary>Settings of a <see cref="VxlanManager"/> (Felix's VXLANVNI, VXLANPort, VXLANMTU and its route protocol).</summary>
public sealed record VxlanManagerOptions
{
    /// <summary>This node's name: its own <c>VtepUpdate</c> configures the device, the others become neighbours.</summary>
    public required string NodeName { get; init; }

    public string DeviceName { get; init; } = "vxlan.calico";

    /// <summary>Felix's VXLANVNI (4096).</summary>
    public int Vni { get; init; } = 4096;

    /// <summary>Felix's VXLANPort (4789).</summary>
    public int Port { get; init; } = VxlanSpec.DefaultPort;

    /// <summary>Bytes the encapsulation adds (IPv4 outer header 20 + UDP 8 + VXLAN 8 + inner Ethernet 14): the device's MTU is the parent's minus this.</summary>
    public int MtuOverhead { get; init; } = 50;

    /// <summary>The rtm_protocol of block routes (Felix's own, 80): how this manager recognises its routes, also after a restart.</summary>
    public RouteProtocol RouteProtocol { get; init; } = (RouteProtocol)80;

    public ILogger? Logger { get; init; }
}
