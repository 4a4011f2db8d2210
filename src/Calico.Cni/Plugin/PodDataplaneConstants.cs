using System.Net;

namespace Calico.Cni.Plugin;

/// <summary>The fixed values of Calico's workload plumbing.</summary>
public static class PodDataplaneConstants
{
    public const string HostSideMac = "ee:ee:ee:ee:ee:ee";

    public static IPAddress IPv4Gateway { get; } = IPAddress.Parse("169.254.1.1");

    public const int DefaultMtu = 1500;
}
