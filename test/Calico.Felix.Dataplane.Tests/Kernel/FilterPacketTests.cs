using System.Net;
using System.Net.Sockets;
using Calico.Api.Values;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Tests.Infrastructure;
using Calico.Nftables;
using Calico.Policy.Effective;
using Calico.Policy.Ids;
using static Calico.Felix.Dataplane.Tests.Infrastructure.Samples;

namespace Calico.Felix.Dataplane.Tests.Kernel;

/// <summary>
/// Real packets: a "node" namespace programmed by the filter managers, and pod namespaces attached to it by veths
/// named cali… with /32 routes and proxy ARP (as the CNI plugin and Felix set them up). Every address, route and
/// sysctl is inside these namespaces; nothing touches the root namespace.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class FilterPacketTests
{
    /// <summary>The link-local address of a node-side veth with MAC ee:ee:ee:ee:ee:ee (EUI-64).</summary>
    private const string NodeLinkLocal = "fe80::ecee:eeff:feee:eeee";

    private static readonly TimeSpan DeniedAfter = TimeSpan.FromSeconds(2);
    private static readonly Calico.Selectors.Selector Client = Sel("role == 'client'");
    private static readonly PolicyId AllowClient = PolicyId.Namespaced("ns", "allow-client");

    [PrivilegedFact]
    public async Task Connect_ThroughPolicedNode_AllowedConnectsDeniedTimesOut()
    {
        using var node = TestNamespace.Create("fdp", "node");
        using var a = TestNamespace.Create("fdp", "pod-a");
        using var b = TestNamespace.Create("fdp", "pod-b");
        using var c = TestNamespace.Create("fdp", "pod-c");
        using var d = TestNamespace.Create("fdp", "pod-d");
        node.WriteSysctl("net.ipv4.ip_forward=1");

        // An address (lo's) creates the node's local routing table; without one every neighbour of a fresh namespace
        // is taken for a broadcast address and packets leave with ff:ff:ff:ff:ff:ff, which TCP discards.
        node.Ip("link", "set", "lo", "up");
        Attach(node, a, "calia1", "10.65.0.1");
        Attach(node, b, "calib1", "10.65.0.2");
        Attach(node, c, "calic1", "10.65.0.3");
        Attach(node, d, "calid1", "10.65.0.4");

        using var table = new NftablesTableFactory().Open(node.Handle);
        var filter = FilterDataplane.Create(table);
        await filter.SendAsync(
            Networks(Client, "10.65.0.1"),
            new ActiveProfileUpdate("kns.ns", Profile("kns.ns", [Rule()], [Rule()])),
            new ActivePolicyUpdate(AllowClient, PolicyOf(AllowClient, ingress:
            [
                Rule() with { Protocol = Protocol.Tcp, Source = new EffectiveEntityRule { Selector = Client }, Destination = new EffectiveEntityRule { Ports = [Port.Single(8080)] } },
            ])),
            Workload("a", "calia1", profiles: ["kns.ns"], networks: "10.65.0.1/32"),
            Workload("b", "calib1", tiers: [Tier("default", TierDefaultAction.Deny, ingress: [AllowClient])], profiles: ["kns.ns"], networks: "10.65.0.2/32"),
            Workload("c", "calic1", profiles: ["kns.ns"], networks: "10.65.0.3/32"));
        await table.ApplyAsync();

        using var b8080 = Listen(b, 8080);
        using var b8081 = Listen(b, 8081);
        using var a8080 = Listen(a, 8080);

        Assert.True(await ConnectsAsync(a, "10.65.0.2", 8080), "a → b:8080 is allowed by allow-client");
        Assert.False(await ConnectsAsync(a, "10.65.0.2", 8081), "a → b:8081 is denied at the end of tier default");
        Assert.False(await ConnectsAsync(c, "10.65.0.2", 8080), "c → b:8080 is denied: c is not in the client set");
        Assert.True(await ConnectsAsync(b, "10.65.0.1", 8080), "b → a:8080 is allowed by the profiles");
        Assert.False(await ConnectsAsync(d, "10.65.0.1", 8080), "d → a:8080 is dropped: calid1 has no endpoint (fail closed)");

        await filter.SendAsync(new IpSetDeltaUpdate(new Calico.Felix.Calc.IpSets.IpSetId(Client.UniqueId), [Member("10.65.0.3")], []));
        await table.ApplyAsync();

        Assert.True(await ConnectsAsync(c, "10.65.0.2", 8080), "c → b:8080 is allowed once c is in the client set");
    }

    [PrivilegedFact]
    public async Task Connect_Ipv6ThroughTiersWithPass_PassedToTheNextTierOrDenied()
    {
        var passClients = PolicyId.Global("pass-clients");
        var allow8080 = PolicyId.Namespaced("ns", "allow-8080");
        using var node = TestNamespace.Create("fdp", "node6");
        using var a = TestNamespace.Create("fdp", "pod6-a");
        using var b = TestNamespace.Create("fdp", "pod6-b");
        using var c = TestNamespace.Create("fdp", "pod6-c");
        node.Ip("link", "set", "lo", "up");
        node.WriteSysctl("net.ipv4.ip_forward=1");
        node.WriteSysctl("net.ipv6.conf.all.forwarding=1");
        Attach(node, a, "calia6", "10.66.0.1", "fd66::1");
        Attach(node, b, "calib6", "10.66.0.2", "fd66::2");
        Attach(node, c, "calic6", "10.66.0.3", "fd66::3");

        using var table = new NftablesTableFactory().Open(node.Handle);
        var filter = FilterDataplane.Create(table);
        await filter.SendAsync(
            Networks(Client, "10.66.0.1", "fd66::1"),
            new ActiveProfileUpdate("kns.ns", Profile("kns.ns", [Rule()], [Rule()])),
            new ActivePolicyUpdate(passClients, PolicyOf(passClients, ingress:
            [
                Rule(RuleAction.Pass) with { Source = new EffectiveEntityRule { Selector = Client } },
                Rule(RuleAction.Deny),
            ])),
            new ActivePolicyUpdate(allow8080, PolicyOf(allow8080, ingress: [Rule() with { Protocol = Protocol.Tcp, Destination = new EffectiveEntityRule { Ports = [Port.Single(8080)] } }])),
            Workload("a", "calia6", profiles: ["kns.ns"]),
            Workload("b", "calib6", tiers:
            [
                Tier("security", TierDefaultAction.Pass, ingress: [passClients]),
                Tier("default", TierDefaultAction.Deny, ingress: [allow8080]),
            ], profiles: ["kns.ns"]),
            Workload("c", "calic6", profiles: ["kns.ns"]));
        await table.ApplyAsync();

        using var b8080 = Listen(b, 8080);
        using var b8081 = Listen(b, 8081);

        Assert.True(await ConnectsAsync(a, "fd66::2", 8080), "a → b:8080 (IPv6): passed by security, allowed by allow-8080");
        Assert.False(await ConnectsAsync(a, "fd66::2", 8081), "a → b:8081 (IPv6): passed by security, then the end of tier default");
        Assert.False(await ConnectsAsync(c, "fd66::2", 8080), "c → b:8080 (IPv6): denied in security");
        Assert.True(await ConnectsAsync(a, "10.66.0.2", 8080), "a → b:8080 (IPv4): the same policy for both versions");
    }

    /// <summary>
    /// A veth <paramref name="interfaceName"/> in the node (MAC ee:ee:ee:ee:ee:ee, proxy ARP, as Calico sets it up),
    /// eth0 in the pod with <paramref name="address"/>/32 (and <paramref name="address6"/>/128 with the node's
    /// link-local address as the IPv6 gateway), routes both ways.
    /// </summary>
    private static void Attach(TestNamespace node, TestNamespace pod, string interfaceName, string address, string? address6 = null)
    {
        node.Ip("link", "add", interfaceName, "address", "ee:ee:ee:ee:ee:ee", "type", "veth", "peer", "name", "eth0", "netns", pod.Name);
        node.WriteSysctl($"net.ipv4.conf.{interfaceName}.proxy_arp=1");
        node.WriteSysctl($"net.ipv4.neigh.{interfaceName}.proxy_delay=0");
        node.WriteSysctl($"net.ipv6.conf.{interfaceName}.accept_dad=0");
        node.Ip("link", "set", interfaceName, "up");
        node.Ip("route", "add", $"{address}/32", "dev", interfaceName, "scope", "link");
        pod.Ip("link", "set", "lo", "up");
        pod.WriteSysctl("net.ipv6.conf.eth0.accept_dad=0");
        pod.Ip("addr", "add", $"{address}/32", "dev", "eth0");
        pod.Ip("link", "set", "eth0", "up");
        pod.Ip("route", "add", "default", "dev", "eth0", "scope", "link");
        if (address6 is not null)
        {
            node.Ip("-6", "route", "add", $"{address6}/128", "dev", interfaceName);
            pod.Ip("-6", "addr", "add", $"{address6}/128", "dev", "eth0", "nodad");
            pod.Ip("-6", "route", "add", "default", "via", NodeLinkLocal, "dev", "eth0");
        }
    }

    /// <summary>A listening socket created inside <paramref name="ns"/> (a socket stays in the namespace it was made in), accepting forever.</summary>
    private static Socket Listen(TestNamespace ns, int port)
    {
        var socket = ns.Handle.Run(() =>
        {
            var s = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            s.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
            s.Listen(16);
            return s;
        });
        _ = AcceptLoopAsync(socket);
        return socket;
    }

    private static async Task AcceptLoopAsync(Socket listener)
    {
        try
        {
            while (true)
            {
                using var accepted = await listener.AcceptAsync();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The listener was disposed at the end of the test.
        }
    }

    /// <summary>True when a TCP connection from inside <paramref name="ns"/> is established before <see cref="DeniedAfter"/>.</summary>
    private static async Task<bool> ConnectsAsync(TestNamespace ns, string address, int port)
    {
        var ip = IPAddress.Parse(address);
        using var socket = ns.Handle.Run(() => new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        using var timeout = new CancellationTokenSource(DeniedAfter);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(ip, port), timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
