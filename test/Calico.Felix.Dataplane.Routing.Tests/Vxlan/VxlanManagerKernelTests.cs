using System.Net;
using System.Text.Json;
using Calico.Api.Values;
using Calico.Core;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Routing.Tests.Infrastructure;
using Calico.Felix.Dataplane.Vxlan;
using Calico.Netlink;

namespace Calico.Felix.Dataplane.Routing.Tests.Vxlan;

/// <summary>
/// The VXLAN manager against the kernel: two "node" namespaces joined by a veth (the underlay, 10.251.0.0/24), each with
/// a "pod" namespace plumbed as the CNI plugin does (a /32 on eth0, a route to it on the node's cali… end, proxy ARP).
/// Each node runs its own manager fed the messages the calculation graph would send; pods then ping across.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class VxlanManagerKernelTests : IDisposable
{
    private const string PoolName = "pool";
    private static readonly Cidr Pool = Cidr.Parse("10.66.0.0/16");
    private static readonly Cidr BlockA = Cidr.Parse("10.66.1.0/26");
    private static readonly Cidr BlockB = Cidr.Parse("10.66.2.0/26");

    private readonly List<IDisposable> _owned = [];

    [PrivilegedFact]
    public async Task Always_DeviceNeighboursAndRoutesAsCalico_PodsReachEachOtherThroughTheTunnel()
    {
        var (a, b) = CreateCluster(out var podA, out var podB);
        var managerA = Manager(a);
        var managerB = Manager(b);
        foreach (var (manager, _) in new[] { (managerA, a), (managerB, b) })
        {
            Feed(manager, Pools(EncapMode.Always), VtepA, VtepB, Block(BlockA, "a", manager == managerA, EncapMode.Always), Block(BlockB, "b", manager == managerB, EncapMode.Always), new DatastoreInSync());
            await manager.CompleteDeferredWorkAsync(CancellationToken.None);
            Assert.Null(manager.LastResult.Error);
        }

        var link = Assert.Single(a.Node.IpJson("-d", "link", "show", "vxlan.calico").EnumerateArray());
        var info = link.GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal(4096, info.GetProperty("id").GetInt32());
        Assert.Equal(4789, info.GetProperty("port").GetInt32());
        Assert.Equal("10.251.0.1", info.GetProperty("local").GetString());
        Assert.False(info.GetProperty("learning").GetBoolean());
        Assert.Equal(1450, link.GetProperty("mtu").GetInt32());
        Assert.Equal(MacA, link.GetProperty("address").GetString());
        Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["10.66.1.1/32"], Addresses(a.Node, "vxlan.calico"));

        var neighbour = Assert.Single(a.Node.IpJson("neigh", "show", "dev", "vxlan.calico").EnumerateArray());
        Assert.Equal("10.66.2.1", Text(neighbour, "dst"));
        Assert.Equal(MacB, Text(neighbour, "lladdr"));
        Assert.Contains("PERMANENT", neighbour.GetProperty("state").EnumerateArray().Select(s => s.GetString()));
        var fdb = Assert.Single(FdbWithDestination(a.Node));
        Assert.Equal(MacB, Text(fdb, "mac"));
        Assert.Equal("10.251.0.2", Text(fdb, "dst"));

        var routes = Routes(a.Node);
        Assert.Equal("blackhole 10.66.1.0/26 proto 80", routes["10.66.1.0/26"]);
        Assert.Equal("10.66.2.0/26 via 10.66.2.1 dev vxlan.calico proto 80 onlink", routes["10.66.2.0/26"]);

        podA.Exec("ping", "-c", "2", "-i", "0.2", "-W", "2", "10.66.2.2");
        podB.Exec("ping", "-c", "1", "-W", "2", "10.66.1.2");
        var received = b.Node.IpJson("-s", "link", "show", "vxlan.calico")[0].GetProperty("stats64").GetProperty("rx").GetProperty("packets").GetInt64();
        Assert.True(received >= 2, $"node b's vxlan.calico received {received} packets; the pings did not cross the tunnel");
    }

    [PrivilegedFact]
    public async Task CrossSubnet_NodeInTheSameSubnet_DirectRouteOnTheUnderlay_PodsReach()
    {
        var (a, b) = CreateCluster(out var podA, out _);
        foreach (var (manager, isA) in new[] { (Manager(a), true), (Manager(b), false) })
        {
            Feed(manager, Pools(EncapMode.CrossSubnet), VtepA, VtepB,
                Block(BlockA, "a", isA, EncapMode.CrossSubnet, sameSubnet: true), Block(BlockB, "b", !isA, EncapMode.CrossSubnet, sameSubnet: true), new DatastoreInSync());
            await manager.CompleteDeferredWorkAsync(CancellationToken.None);
            Assert.Null(manager.LastResult.Error);
        }

        Assert.Equal($"10.66.2.0/26 via 10.251.0.2 dev {a.Underlay} proto 80", Routes(a.Node)["10.66.2.0/26"]);
        podA.Exec("ping", "-c", "1", "-W", "2", "10.66.2.2");
    }

    [PrivilegedFact]
    public async Task RemoteNodeGone_ItsNeighbourFdbAndRoutesRemoved()
    {
        var (a, _) = CreateCluster(out _, out _);
        var manager = Manager(a);
        Feed(manager, Pools(EncapMode.Always), VtepA, VtepB, Block(BlockA, "a", true, EncapMode.Always), Block(BlockB, "b", false, EncapMode.Always), new DatastoreInSync());
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.True(Routes(a.Node).ContainsKey("10.66.2.0/26"));

        Feed(manager, new BlockRouteRemove(BlockB), new VtepRemove("b"));
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);

        Assert.False(Routes(a.Node).ContainsKey("10.66.2.0/26"));
        Assert.Empty(a.Node.IpJson("neigh", "show", "dev", "vxlan.calico").EnumerateArray());
        Assert.Empty(FdbWithDestination(a.Node));
        Assert.Equal(3, manager.LastResult.NeighboursDeleted + manager.LastResult.RoutesDeleted);
    }

    [PrivilegedFact]
    public async Task DriftRepairedByResync_StaleStateKeptUntilInSync()
    {
        var (a, _) = CreateCluster(out _, out _);
        a.Node.Exec("ip", "route", "add", "blackhole", "10.66.9.0/26", "proto", "80");   // left by an earlier run
        var manager = Manager(a);
        Feed(manager, Pools(EncapMode.Always), VtepA, VtepB, Block(BlockA, "a", true, EncapMode.Always), Block(BlockB, "b", false, EncapMode.Always));
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.True(Routes(a.Node).ContainsKey("10.66.9.0/26"), "nothing may be deleted before the first full sync");

        Feed(manager, new DatastoreInSync());
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.False(Routes(a.Node).ContainsKey("10.66.9.0/26"));

        a.Node.Exec("ip", "route", "del", "10.66.2.0/26");
        a.Node.Exec("ip", "neigh", "del", "10.66.2.1", "dev", "vxlan.calico");
        a.Node.Exec("bridge", "fdb", "del", MacB, "dev", "vxlan.calico", "dst", "10.251.0.2");
        a.Node.Exec("ip", "link", "set", "vxlan.calico", "mtu", "1300");
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.False(Routes(a.Node).ContainsKey("10.66.2.0/26"), "without a resync the manager trusts what it programmed");

        manager.RequestResync();
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.Equal("10.66.2.0/26 via 10.66.2.1 dev vxlan.calico proto 80 onlink", Routes(a.Node)["10.66.2.0/26"]);
        Assert.Single(a.Node.IpJson("neigh", "show", "dev", "vxlan.calico").EnumerateArray());
        Assert.Single(FdbWithDestination(a.Node));
        Assert.Equal(1450, a.Node.IpJson("link", "show", "vxlan.calico")[0].GetProperty("mtu").GetInt32());
    }

    [PrivilegedFact]
    public async Task NoVxlanPoolAnyMore_DeviceAndRoutesRemoved_NeverPoolsGetNoRoutes()
    {
        var (a, _) = CreateCluster(out _, out _);
        var manager = Manager(a);
        Feed(manager, Pools(EncapMode.Always), VtepA, VtepB, Block(BlockA, "a", true, EncapMode.Always), Block(BlockB, "b", false, EncapMode.Always), new DatastoreInSync());
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.NotEmpty(a.Node.IpJson("link", "show", "vxlan.calico").EnumerateArray());

        Feed(manager, Pools(EncapMode.Never), Block(BlockA, "a", true, EncapMode.Never), Block(BlockB, "b", false, EncapMode.Never));
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);

        Assert.DoesNotContain("vxlan.calico", a.Node.Ip("-o", "link", "show"), StringComparison.Ordinal);
        Assert.Empty(Routes(a.Node));
    }

    [PrivilegedFact]
    public async Task NodeAddressOnNoInterface_ReportedNotThrown_RetriedUntilItAppears()
    {
        var (a, _) = CreateCluster(out _, out _);
        var manager = Manager(a);
        var misplaced = VtepA with { ParentAddress = IPAddress.Parse("10.251.0.99") };
        Feed(manager, Pools(EncapMode.Always), misplaced, VtepB, Block(BlockB, "b", false, EncapMode.Always), new DatastoreInSync());
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.Contains("10.251.0.99", manager.LastResult.Error, StringComparison.Ordinal);
        Assert.True(manager.HasPendingWork);

        a.Node.Exec("ip", "addr", "add", "10.251.0.99/24", "dev", a.Underlay);
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.Null(manager.LastResult.Error);
        Assert.Equal("10.66.2.0/26 via 10.66.2.1 dev vxlan.calico proto 80 onlink", Routes(a.Node)["10.66.2.0/26"]);
    }

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(_owned))
        {
            item.Dispose();
        }
    }

    private const string MacA = "66:ca:11:00:00:0a";
    private const string MacB = "66:ca:11:00:00:0b";

    private static VtepUpdate VtepA { get; } = new("a", IPAddress.Parse("10.251.0.1"), 24, IPAddress.Parse("10.66.1.1"), MacA);

    private static VtepUpdate VtepB { get; } = new("b", IPAddress.Parse("10.251.0.2"), 24, IPAddress.Parse("10.66.2.1"), MacB);

    private static IpPoolUpdate Pools(EncapMode vxlan) => new(PoolName, Pool, false, false, vxlan, EncapMode.Never);

    private static BlockRouteUpdate Block(Cidr block, string node, bool local, EncapMode mode, bool sameSubnet = true) =>
        new(block, node, local, IPAddress.Parse(node == "a" ? "10.251.0.1" : "10.251.0.2"), mode, sameSubnet);

    private static VxlanManager Manager(ClusterNode node) => new(node.Node.Netlink, new VxlanManagerOptions { NodeName = node.Name });

    private static void Feed(VxlanManager manager, params DataplaneMessage[] messages)
    {
        foreach (var message in messages)
        {
            manager.OnUpdate(message);
        }
    }

    /// <summary>Nodes a and b on one underlay link, each with one pod (10.66.1.2 on a, 10.66.2.2 on b).</summary>
    private (ClusterNode A, ClusterNode B) CreateCluster(out TestNamespace podA, out TestNamespace podB)
    {
        var a = TestNamespace.Create("fdr", "na");
        _owned.Add(a);
        var b = TestNamespace.Create("fdr", "nb");
        _owned.Add(b);
        var underlayA = "ul" + UniqueNames.Lab()[2..];
        a.Netlink.Links.CreateVeth(new VethSpec(underlayA, "ulb") { PeerNamespace = b.Handle, Up = true });
        b.Netlink.Links.SetUp(b.Netlink.Links.Get("ulb").Index);
        a.Exec("ip", "addr", "add", "10.251.0.1/24", "dev", underlayA);
        b.Exec("ip", "addr", "add", "10.251.0.2/24", "dev", "ulb");

        // Proxy ARP answers for 169.254.1.1 only when the node routes it out of another interface, as real hosts with a
        // default route do (the gateway does not exist; nothing is sent to it).
        a.Exec("ip", "route", "add", "default", "via", "10.251.0.254");
        b.Exec("ip", "route", "add", "default", "via", "10.251.0.254");
        podA = AddPod(a, "10.66.1.2");
        podB = AddPod(b, "10.66.2.2");
        return (new ClusterNode("a", a, underlayA), new ClusterNode("b", b, "ulb"));
    }

    private TestNamespace AddPod(TestNamespace node, string address)
    {
        var pod = TestNamespace.Create("fdr", "pod");
        _owned.Add(pod);
        var cali = "cali" + UniqueNames.Lab()[2..];
        node.Netlink.Links.CreateVeth(new VethSpec(cali, "eth0") { PeerNamespace = pod.Handle, Mac = MacAddress.CalicoHostSide, Up = true });
        pod.Netlink.Links.SetUp(pod.Netlink.Links.Get("eth0").Index);
        node.Exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=1", $"net.ipv4.conf.{cali}.proxy_arp=1");
        node.Exec("ip", "route", "add", $"{address}/32", "dev", cali);
        pod.Exec("ip", "addr", "add", $"{address}/32", "dev", "eth0");
        pod.Exec("ip", "route", "add", "169.254.1.1", "dev", "eth0", "scope", "link");
        pod.Exec("ip", "route", "add", "default", "via", "169.254.1.1", "dev", "eth0");
        return pod;
    }

    private static string[] Addresses(TestNamespace node, string device) =>
        [.. node.IpJson("-4", "addr", "show", "dev", device)[0].GetProperty("addr_info").EnumerateArray().Select(a => $"{Text(a, "local")}/{a.GetProperty("prefixlen").GetInt32()}")];

    private static IEnumerable<JsonElement> FdbWithDestination(TestNamespace node)
    {
        var output = node.Exec("bridge", "-j", "fdb", "show", "dev", "vxlan.calico");
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "[]" : output);
        return [.. document.RootElement.Clone().EnumerateArray().Where(e => e.TryGetProperty("dst", out _))];
    }

    /// <summary>Proto-80 routes as <c>ip route</c> prints them, by destination.</summary>
    private static Dictionary<string, string> Routes(TestNamespace node)
    {
        var routes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in node.Ip("-4", "route", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.Contains(" proto 80", StringComparison.Ordinal))
            {
                continue;
            }

            var destination = line.StartsWith("blackhole ", StringComparison.Ordinal) ? line.Split(' ')[1] : line.Split(' ')[0];
            routes[destination] = line;
        }

        return routes;
    }

    private static string? Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private sealed record ClusterNode(string Name, TestNamespace Node, string Underlay);
}
