using System.Net;
using System.Net.Sockets;
using Calico.Api.Values;
using Calico.Core;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Nat;
using Calico.Felix.Dataplane.Routes;
using Calico.Felix.Dataplane.Routing.Tests.Infrastructure;
using Calico.Netlink;
using Calico.Nftables;
using Calico.Policy.Ids;

namespace Calico.Felix.Dataplane.Routing.Tests.Nat;

/// <summary>
/// natOutgoing end to end, in three namespaces the test makes: "pod" (192.168.5.2/32 with Calico's gateway layout:
/// 169.254.1.1 dev eth0 scope link, default via it), "node" (forwarding on; the pod's route and proxy ARP from the
/// <see cref="RouteManager"/>, table inet calico from the <see cref="NatManager"/> through the nftables driver; uplink
/// eth1 203.0.113.1/24, default route via the external side) and "external" (203.0.113.2/24, and 192.168.6.10, an address of a second pool, reached
/// through the node). Real UDP and TCP packets from the pod; the receiver reports the source address it saw.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class NatOutgoingKernelTests : IDisposable
{
    private static readonly IPAddress PodIp = IPAddress.Parse("192.168.5.2");
    private static readonly IPAddress NodeUplinkIp = IPAddress.Parse("203.0.113.1");
    private static readonly IPAddress ExternalIp = IPAddress.Parse("203.0.113.2");
    private static readonly IPAddress OtherPoolIp = IPAddress.Parse("192.168.6.10");
    private static readonly IPAddress Gateway = IPAddress.Parse("169.254.1.1");

    private readonly List<IDisposable> _owned = [];
    private TestNamespace _pod = null!;
    private TestNamespace _node = null!;
    private TestNamespace _external = null!;

    [PrivilegedFact]
    public async Task PoolWithNatOutgoing_PodToExternalMasqueraded_ToAnotherPoolNot_WithoutNatOutgoingNot()
    {
        var cali = BuildTopology();
        using var table = new NftablesTableFactory().Open(_node.Handle);
        var nat = new NatManager(table);
        var routes = new RouteManager(_node.Netlink);
        routes.OnUpdate(new WorkloadEndpointUpdate(EndpointId.Workload("default", "pod"), cali, [Cidr.FromAddress(PodIp)], [], [], []));
        await routes.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.Equal(0, routes.LastResult.Errors);

        await ApplyAsync(nat, table, Pool("pods", "192.168.5.0/24", natOutgoing: true), Pool("other", "192.168.6.0/24", natOutgoing: false));
        Assert.Equal(NodeUplinkIp, UdpSourceSeenBy(ExternalIp, 7001));
        Assert.Equal(NodeUplinkIp, TcpSourceSeenBy(ExternalIp, 7002));
        Assert.Equal(PodIp, UdpSourceSeenBy(OtherPoolIp, 7003));

        await ApplyAsync(nat, table, Pool("pods", "192.168.5.0/24", natOutgoing: false));
        Assert.Equal(PodIp, UdpSourceSeenBy(ExternalIp, 7004));
        Assert.Equal(PodIp, TcpSourceSeenBy(ExternalIp, 7005));

        await ApplyAsync(nat, table, Pool("pods", "192.168.5.0/24", natOutgoing: true));
        Assert.Equal(NodeUplinkIp, UdpSourceSeenBy(ExternalIp, 7006));

        // The pool goes: its elements leave both sets, so nothing is masqueraded any more.
        await ApplyAsync(nat, table, new IpPoolRemove("pods"));
        Assert.DoesNotContain("192.168.5.0/24", _node.Exec("nft", "list", "set", "inet", "calico", NatManager.MasqPoolsV4), StringComparison.Ordinal);
        Assert.Equal(PodIp, UdpSourceSeenBy(ExternalIp, 7007));
    }

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(_owned))
        {
            item.Dispose();
        }
    }

    private static async Task ApplyAsync(NatManager nat, ITable table, params DataplaneMessage[] messages)
    {
        foreach (var message in messages)
        {
            nat.OnUpdate(message);
        }

        await nat.CompleteDeferredWorkAsync(CancellationToken.None);
        await table.ApplyAsync();
    }

    /// <summary>Builds the three namespaces' links, addresses and routes; returns the pod's host-side interface.</summary>
    private string BuildTopology()
    {
        _pod = Own(TestNamespace.Create("fdr", "pod"));
        _node = Own(TestNamespace.Create("fdr", "node"));
        _external = Own(TestNamespace.Create("fdr", "ext"));
        var cali = "cali" + UniqueNames.Lab()[2..];
        _node.Exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");

        // pod <-> node, the CNI plugin's layout on the pod side; the node side is left to the route manager.
        _node.Netlink.Links.CreateVeth(new VethSpec(cali, "eth0") { PeerNamespace = _pod.Handle, Mac = MacAddress.CalicoHostSide, Up = true });
        var podEth0 = _pod.Netlink.Links.Get("eth0");
        _pod.Netlink.Links.SetUp(podEth0.Index);
        _pod.Netlink.Addresses.Add(new InterfaceAddress(podEth0.Index, PodIp, 32));
        _pod.Netlink.Routes.Add(new Route(Cidr.FromAddress(Gateway)) { Link = podEth0.Index, Scope = RouteScope.Link });
        _pod.Netlink.Routes.Add(new Route(Cidr.Parse("0.0.0.0/0")) { Gateway = Gateway, Link = podEth0.Index });
        _node.Exec("sh", "-c", $"echo 0 > /proc/sys/net/ipv4/neigh/{cali}/proxy_delay");

        // node <-> external.
        _node.Netlink.Links.CreateVeth(new VethSpec("eth1", "eth0") { PeerNamespace = _external.Handle, Up = true });
        var uplink = _node.Netlink.Links.Get("eth1");
        var extEth0 = _external.Netlink.Links.Get("eth0");
        _external.Netlink.Links.SetUp(extEth0.Index);
        _node.Netlink.Addresses.Add(new InterfaceAddress(uplink.Index, NodeUplinkIp, 24));
        _external.Netlink.Addresses.Add(new InterfaceAddress(extEth0.Index, ExternalIp, 24));
        _external.Netlink.Addresses.Add(new InterfaceAddress(extEth0.Index, OtherPoolIp, 32));
        _node.Netlink.Routes.Add(new Route(Cidr.FromAddress(OtherPoolIp)) { Link = uplink.Index, Scope = RouteScope.Link });
        // The node's default route (via the external side): proxy ARP answers for 169.254.1.1 only when the node
        // routes that address out of another interface than the pod's.
        _node.Netlink.Routes.Add(new Route(Cidr.Parse("0.0.0.0/0")) { Gateway = ExternalIp, Link = uplink.Index });
        // The way back for packets that keep the pod's address (so strict rp_filter would not drop them either).
        _external.Netlink.Routes.Add(new Route(Cidr.Parse("192.168.5.0/24")) { Gateway = NodeUplinkIp, Link = extEth0.Index });
        return cali;
    }

    /// <summary>Sends UDP datagrams from the pod to TARGET:PORT until the external side receives one; returns its source address.</summary>
    private IPAddress UdpSourceSeenBy(IPAddress target, int port)
    {
        using var receiver = _external.Handle.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(target, port));
            return socket;
        });
        using var sender = _pod.Handle.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        var buffer = new byte[64];
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            sender.SendTo("hello"u8, new IPEndPoint(target, port));
            if (receiver.Poll(TimeSpan.FromMilliseconds(250), SelectMode.SelectRead))
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                receiver.ReceiveFrom(buffer, ref from);
                return ((IPEndPoint)from).Address;
            }
        }

        throw new TimeoutException($"no UDP datagram from the pod reached {target}:{port}");
    }

    /// <summary>Connects from the pod to TARGET:PORT over TCP; returns the peer address the external listener accepted.</summary>
    private IPAddress TcpSourceSeenBy(IPAddress target, int port)
    {
        using var listener = _external.Handle.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(target, port));
            socket.Listen();
            return socket;
        });
        using var client = _pod.Handle.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        client.ConnectAsync(new IPEndPoint(target, port), timeout.Token).AsTask().GetAwaiter().GetResult();
        using var accepted = listener.Accept();
        return ((IPEndPoint)accepted.RemoteEndPoint!).Address;
    }

    private T Own<T>(T item)
        where T : IDisposable
    {
        _owned.Add(item);
        return item;
    }

    private static IpPoolUpdate Pool(string name, string cidr, bool natOutgoing) =>
        new(name, Cidr.Parse(cidr), natOutgoing, Disabled: false, EncapMode.Never, EncapMode.Never);
}
