using System.Net;

namespace Calico.Netlink;

/// <summary>A VXLAN device to create, as Calico's vxlan.calico: VNI 4096, port 4789, learning off, local = node IP.</summary>
public sealed record VxlanSpec(LinkName Name, int Vni)
{
    /// <summary>IANA's VXLAN port; Calico's default.</summary>
    public const int DefaultPort = 4789;

    /// <summary>Source address of the encapsulated packets (IPv4 or IPv6).</summary>
    public IPAddress? Local { get; init; }

    public int Port { get; init; } = DefaultPort;

    public bool Learning { get; init; }

    /// <summary>The underlay device the tunnel is bound to.</summary>
    public LinkIndex? Parent { get; init; }

    /// <summary>The VTEP MAC; the kernel picks a random one when null.</summary>
    public MacAddress? Mac { get; init; }

    public int? Mtu { get; init; }

    public bool Up { get; init; }
}
