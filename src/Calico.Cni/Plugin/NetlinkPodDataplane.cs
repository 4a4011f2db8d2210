using System.Net;
using System.Net.Sockets;
using Calico.Cni.Protocol;
using Calico.Core;
using Calico.Netlink;

namespace Calico.Cni.Plugin;

/// <summary>
/// Calico's workload plumbing through rtnetlink (no `ip` processes): a veth pair created with its peer directly in the
/// pod's namespace, proxy ARP and forwarding on the host side, /32 (/128) addresses and routes via 169.254.1.1 (the host
/// side's link-local address for IPv6) in the pod, and a host route per address. The host side is the namespace the
/// plugin runs in (the node's).
/// </summary>
public sealed class NetlinkPodDataplane(IRouteNetlinkFactory netlink) : IPodDataplane
{
    /// <summary>The host side's IPv6 link-local address, from its fixed MAC ee:ee:ee:ee:ee:ee (EUI-64).</summary>
    public static IPAddress HostLinkLocalV6 { get; } = IPAddress.Parse("fe80::ecee:eeff:feee:eeee");

    private static readonly Cidr GatewayV4 = Cidr.FromAddress(PodDataplaneConstants.IPv4Gateway);

    public static IPodDataplane Create() => new NetlinkPodDataplane(new RouteNetlinkFactory());

    public ValueTask<string> SetUpAsync(PodNetworkSpec spec, CancellationToken ct)
    {
        try
        {
            using var hostNamespace = NetworkNamespace.OpenCurrent();
            using var podNamespace = OpenPodNamespace(spec.PodNamespacePath);
            using var host = netlink.Open(hostNamespace);
            using var pod = netlink.Open(podNamespace);
            if (host.Links.Find(spec.HostInterface) is { } stale)
            {
                host.Links.Delete(stale.Index);
            }

            if (pod.Links.Find(spec.PodInterface) is { } old)
            {
                pod.Links.Delete(old.Index);
            }

            var hostLink = host.Links.CreateVeth(new VethSpec(spec.HostInterface, spec.PodInterface)
            {
                PeerNamespace = podNamespace,
                Mac = MacAddress.CalicoHostSide,
                Mtu = spec.Mtu,
                PeerMtu = spec.Mtu,
            });
            var hasV6 = spec.Addresses.Any(a => a.AddressFamily == AddressFamily.InterNetworkV6);
            host.DeviceSettings.SetIPv4(hostLink.Index, IPv4Setting.ProxyArp(true), IPv4Setting.Forwarding(true));
            if (hasV6)
            {
                host.DeviceSettings.SetIPv6(spec.HostInterface, IPv6DeviceSetting.AcceptRa, 0);
                host.DeviceSettings.SetIPv6(spec.HostInterface, IPv6DeviceSetting.Forwarding, 1);
            }

            SetProxyDelayZero(spec.HostInterface);
            host.Links.SetUp(hostLink.Index);
            var podLink = pod.Links.Get(spec.PodInterface);
            pod.Links.SetUp(podLink.Index);
            foreach (var address in spec.Addresses)
            {
                var isV4 = address.AddressFamily == AddressFamily.InterNetwork;
                pod.Addresses.Add(new InterfaceAddress(podLink.Index, address, isV4 ? 32 : 128) { Flags = isV4 ? AddressFlags.None : AddressFlags.NoDad });
            }

            if (spec.Addresses.Any(a => a.AddressFamily == AddressFamily.InterNetwork))
            {
                pod.Routes.Replace(new Route(GatewayV4) { Link = podLink.Index, Scope = RouteScope.Link });
                pod.Routes.Replace(new Route(Cidr.Parse("0.0.0.0/0")) { Gateway = PodDataplaneConstants.IPv4Gateway, Link = podLink.Index });
            }

            if (hasV6)
            {
                pod.Routes.Replace(new Route(Cidr.Parse("::/0")) { Gateway = HostLinkLocalV6, Link = podLink.Index });
            }

            foreach (var address in spec.Addresses)
            {
                host.Routes.Replace(new Route(Cidr.FromAddress(address)) { Link = hostLink.Index, Scope = RouteScope.Link });
            }

            return ValueTask.FromResult((pod.Links.Get(spec.PodInterface).Mac ?? default).ToString());
        }
        catch (NetlinkException e)
        {
            throw new CniException(CniErrorCode.DataplaneFailure, $"programming the pod's network failed: {e.Message}", null, e);
        }
    }

    public ValueTask TearDownAsync(string podNamespacePath, string podInterface, string hostInterface, CancellationToken ct)
    {
        if (!File.Exists(podNamespacePath))
        {
            // The namespace is gone; the kernel removed the veth pair (and its routes) with it.
            return ValueTask.CompletedTask;
        }

        try
        {
            using var podNamespace = NetworkNamespace.Open(podNamespacePath);
            using var pod = netlink.Open(podNamespace);
            if (pod.Links.Find(podInterface) is { } link)
            {
                pod.Links.Delete(link.Index);
            }
        }
        catch (NetlinkException e) when (e.IsNotFound)
        {
        }
        catch (NetlinkException e)
        {
            throw new CniException(CniErrorCode.DataplaneFailure, $"removing the pod's interface failed: {e.Message}", null, e);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> CheckAsync(PodNetworkSpec spec, CancellationToken ct)
    {
        var problems = new List<string>();
        try
        {
            using var hostNamespace = NetworkNamespace.OpenCurrent();
            using var podNamespace = OpenPodNamespace(spec.PodNamespacePath);
            using var host = netlink.Open(hostNamespace);
            using var pod = netlink.Open(podNamespace);
            var podLink = pod.Links.Find(spec.PodInterface);
            var hostLink = host.Links.Find(spec.HostInterface);
            if (podLink is null)
            {
                problems.Add($"interface {spec.PodInterface} is missing in {spec.PodNamespacePath}");
            }
            else if (!podLink.IsUp)
            {
                problems.Add($"interface {spec.PodInterface} is down");
            }

            if (hostLink is null)
            {
                problems.Add($"host interface {spec.HostInterface} is missing");
            }

            if (podLink is not null)
            {
                var present = pod.Addresses.List(link: podLink.Index).Select(a => a.Address).ToHashSet();
                problems.AddRange(spec.Addresses.Where(a => !present.Contains(a)).Select(a => $"address {a} is missing on {spec.PodInterface}"));
                var routes = pod.Routes.List();
                if (spec.Addresses.Any(a => a.AddressFamily == AddressFamily.InterNetwork)
                    && !routes.Any(r => r.Destination.PrefixLength == 0 && r.Family == AddressFamily.InterNetwork && Equals(r.Gateway, PodDataplaneConstants.IPv4Gateway)))
                {
                    problems.Add("the pod's default route via 169.254.1.1 is missing");
                }
            }

            if (hostLink is not null)
            {
                var hostRoutes = host.Routes.List();
                problems.AddRange(spec.Addresses
                    .Where(a => !hostRoutes.Any(r => r.Destination == Cidr.FromAddress(a) && r.Link == hostLink.Index))
                    .Select(a => $"host route {a} dev {spec.HostInterface} is missing"));
            }
        }
        catch (NetlinkException e)
        {
            problems.Add(e.Message);
        }

        return ValueTask.FromResult<IReadOnlyList<string>>(problems);
    }

    /// <summary>Answer proxy ARP at once instead of after a random delay of up to 0.8 s (the plugin runs in the host's namespace).</summary>
    private static void SetProxyDelayZero(string hostInterface)
    {
        var path = $"/proc/sys/net/ipv4/neigh/{hostInterface}/proxy_delay";
        if (File.Exists(path))
        {
            File.WriteAllText(path, "0");
        }
    }

    private static NetworkNamespace OpenPodNamespace(string path)
    {
        try
        {
            return NetworkNamespace.Open(path);
        }
        catch (NetlinkException e)
        {
            throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_NETNS {path} is not a network namespace that exists: {e.Message}", null, e);
        }
    }
}
