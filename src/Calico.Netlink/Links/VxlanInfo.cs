using System.Net;

namespace Calico.Netlink;

/// <summary>The VXLAN attributes of a vxlan link, as read back.</summary>
public sealed record VxlanInfo(int Vni)
{
    public IPAddress? Local { get; init; }

    /// <summary>UDP destination port (4789 for the IANA port; the kernel's default when unset is 8472).</summary>
    public int Port { get; init; }

    public bool Learning { get; init; }

    /// <summary>The underlay device (IFLA_VXLAN_LINK).</summary>
    public LinkIndex? Parent { get; init; }
}
