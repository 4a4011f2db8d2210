using System.Net;

namespace Calico.Cni.Plugin;

/// <summary>What the plugin programs in the kernel for a pod (calico-features.md §4, "Workload routing").</summary>
public interface IPodDataplane
{
    /// <summary>
    /// Creates the veth pair (host side <see cref="PodNetworkSpec.HostInterface"/> with MAC ee:ee:ee:ee:ee:ee, proxy ARP and
    /// forwarding; pod side <see cref="PodNetworkSpec.PodInterface"/> in the pod's namespace), the pod's /32 and /128
    /// addresses, its routes via 169.254.1.1 (and the host's link-local address for IPv6), and the host routes to the pod.
    /// Replaces a stale host interface of the same name. Returns the pod interface's MAC.
    /// </summary>
    public ValueTask<string> SetUpAsync(PodNetworkSpec spec, CancellationToken ct);

    /// <summary>Removes the pod's interfaces and host routes; succeeds when they are already gone or the namespace no longer exists.</summary>
    public ValueTask TearDownAsync(string podNamespacePath, string podInterface, string hostInterface, CancellationToken ct);

    /// <summary>Lists what differs from <paramref name="spec"/> (missing interface, address or route); empty when all is in place.</summary>
    public ValueTask<IReadOnlyList<string>> CheckAsync(PodNetworkSpec spec, CancellationToken ct);
}

/// <summary>The pod network to program.</summary>
public sealed record PodNetworkSpec(string PodNamespacePath, string PodInterface, string HostInterface, IReadOnlyList<IPAddress> Addresses, int Mtu);
