namespace Calico.Ipam;

/// <summary>The allocation attribute keys Calico's CNI plugin and tools use (the attribute's <c>secondary</c> map).</summary>
public static class IpamAttributeNames
{
    /// <summary>The node that requested the address; added by <see cref="IIpamClient.AutoAssignAsync"/> when absent.</summary>
    public const string Node = "node";

    /// <summary>The pod's namespace.</summary>
    public const string Namespace = "namespace";

    /// <summary>The pod's name.</summary>
    public const string Pod = "pod";

    /// <summary>When the address was assigned (RFC 3339).</summary>
    public const string Timestamp = "timestamp";

    /// <summary>The kind of tunnel address ("ipipTunnelAddress", "vxlanTunnelAddress", …).</summary>
    public const string Type = "type";
}
