using System.Net;
using Calico.Core;

namespace Calico.Netlink.Benchmarks;

/// <summary>
/// The CNI ADD/DEL dataplane work through Calico.Netlink, as a fresh CNI process would do it: open both namespaces
/// and a netlink socket in each, then veth (host MAC ee:ee:…, MTU, host end up), pod eth0 up, /32, 169.254.1.1
/// scope link, default route, host /32 route, proxy_arp + forwarding.
/// </summary>
internal sealed class LibraryPlumber(IRouteNetlinkFactory factory) : IPodPlumber
{
    private static readonly IPAddress Gateway = IPAddress.Parse("169.254.1.1");

    public string Name => "library";

    public void Create(BenchmarkNamespaces namespaces, int iteration)
    {
        using var hostNs = NetworkNamespace.OpenNamed(namespaces.Host);
        using var podNs = NetworkNamespace.OpenNamed(namespaces.Pod);
        using var host = factory.Open(hostNs);
        using var pod = factory.Open(podNs);
        var podIp = BenchmarkNamespaces.PodIp(iteration);
        var veth = host.Links.CreateVeth(new VethSpec(BenchmarkNamespaces.HostVethName(iteration), "eth0")
        {
            PeerNamespace = podNs,
            Mac = MacAddress.CalicoHostSide,
            Mtu = 1450,
            Up = true,
        });
        var eth0 = pod.Links.Get("eth0");
        pod.Links.SetUp(eth0.Index);
        pod.Addresses.Add(new InterfaceAddress(eth0.Index, podIp, 32));
        pod.Routes.Add(new Route(Cidr.FromAddress(Gateway)) { Link = eth0.Index, Scope = RouteScope.Link });
        pod.Routes.Add(new Route(Cidr.Parse("0.0.0.0/0")) { Gateway = Gateway, Link = eth0.Index });
        host.Routes.Add(new Route(Cidr.FromAddress(podIp)) { Link = veth.Index, Scope = RouteScope.Link });
        host.DeviceSettings.SetIPv4(veth.Index, IPv4Setting.ProxyArp(true), IPv4Setting.Forwarding(true));
    }

    public void Delete(BenchmarkNamespaces namespaces, int iteration)
    {
        using var hostNs = NetworkNamespace.OpenNamed(namespaces.Host);
        using var host = factory.Open(hostNs);
        host.Links.Delete(host.Links.Get(BenchmarkNamespaces.HostVethName(iteration)).Index);
    }
}
