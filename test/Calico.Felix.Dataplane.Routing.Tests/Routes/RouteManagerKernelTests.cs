using System.Text.Json;
using Calico.Core;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Routes;
using Calico.Felix.Dataplane.Routing.Tests.Infrastructure;
using Calico.Netlink;
using Calico.Policy.Ids;

namespace Calico.Felix.Dataplane.Routing.Tests.Routes;

/// <summary>
/// The route manager against the kernel: a "node" namespace with a veth cali… whose peer is eth0 in a "pod"
/// namespace, both made by the test. Results are read back with <c>ip -n NODE -j -d route</c> (-d, or ip leaves out "proto boot") and /proc/sys inside it.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class RouteManagerKernelTests : IDisposable
{
    private static readonly Cidr PodIp = Cidr.Parse("10.65.0.2/32");
    private static readonly Cidr PodIp6 = Cidr.Parse("fd00:65::2/128");

    private readonly List<IDisposable> _owned = [];

    [PrivilegedFact]
    public async Task EndpointUpdate_RoutesProgrammedWithCalicoAttributes_InterfaceConfigured()
    {
        var (node, _, cali) = CreateNodeAndPod();
        var manager = new RouteManager(node.Netlink);

        manager.OnUpdate(Endpoint("a", cali, PodIp, PodIp6));
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);

        var route = Assert.Single(node.IpJson("-d", "-4", "route", "show", "10.65.0.2/32").EnumerateArray());
        Assert.Equal(cali, Text(route, "dev"));
        Assert.Equal("boot", Text(route, "protocol"));
        Assert.Equal("link", Text(route, "scope"));
        Assert.Null(Text(route, "gateway"));
        var route6 = Assert.Single(node.IpJson("-d", "-6", "route", "show", "fd00:65::2/128").EnumerateArray());
        Assert.Equal(cali, Text(route6, "dev"));
        Assert.Equal("boot", Text(route6, "protocol"));
        Assert.Equal("1", node.ReadSysctl($"net/ipv4/conf/{cali}/proxy_arp"));
        Assert.Equal("1", node.ReadSysctl($"net/ipv4/conf/{cali}/forwarding"));
        Assert.Equal("0", node.ReadSysctl($"net/ipv6/conf/{cali}/accept_ra"));
        Assert.Equal("1", node.ReadSysctl($"net/ipv6/conf/{cali}/forwarding"));
        Assert.Equal(new RouteSyncResult { Resyncs = 1, RoutesWritten = 2, InterfacesConfigured = 1 }, manager.LastResult);
    }

    [PrivilegedFact]
    public async Task EndpointRemoved_RouteGoneOnlyAfterInSync()
    {
        var (node, _, cali) = CreateNodeAndPod();
        var manager = new RouteManager(node.Netlink);
        manager.OnUpdate(Endpoint("a", cali, PodIp));
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.Single(node.IpJson("-4", "route", "show", "dev", cali).EnumerateArray());

        manager.OnUpdate(new WorkloadEndpointRemove(Id("a")));
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.Single(node.IpJson("-4", "route", "show", "dev", cali).EnumerateArray());

        manager.OnUpdate(new DatastoreInSync());
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.Empty(node.IpJson("-4", "route", "show", "dev", cali).EnumerateArray());
        Assert.Equal(1, manager.LastResult.RoutesDeleted);
    }

    [PrivilegedFact]
    public async Task StaleRouteFromBeforeStart_SweptOnlyAfterInSync_ForeignRoutesKept()
    {
        var (node, _, cali) = CreateNodeAndPod();
        node.Exec("ip", "route", "add", "10.65.0.9/32", "dev", cali);                      // left by a previous run (proto boot)
        node.Exec("ip", "route", "add", "10.65.0.10/32", "dev", cali, "proto", "static");  // someone else's
        var manager = new RouteManager(node.Netlink);
        manager.OnUpdate(Endpoint("a", cali, PodIp));

        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.Equal(["10.65.0.10", "10.65.0.2", "10.65.0.9"], Destinations(node, cali));

        manager.OnUpdate(new DatastoreInSync());
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.Equal(["10.65.0.10", "10.65.0.2"], Destinations(node, cali));
        Assert.Equal(1, manager.LastResult.RoutesDeleted);
    }

    [PrivilegedFact]
    public async Task RouteDeletedBehindTheManagersBack_RestoredByResync()
    {
        var (node, _, cali) = CreateNodeAndPod();
        var manager = new RouteManager(node.Netlink);
        manager.OnUpdate(Endpoint("a", cali, PodIp));
        manager.OnUpdate(new DatastoreInSync());
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);

        node.Exec("ip", "route", "del", "10.65.0.2/32", "dev", cali);
        node.Exec("sysctl", "-q", "-w", $"net.ipv4.conf.{cali}.proxy_arp=0");
        Assert.Empty(Destinations(node, cali));

        await manager.ResyncAsync(CancellationToken.None);

        Assert.Equal(["10.65.0.2"], Destinations(node, cali));
        Assert.Equal("1", node.ReadSysctl($"net/ipv4/conf/{cali}/proxy_arp"));
        Assert.Equal(1, manager.LastResult.RoutesWritten);
    }

    [PrivilegedFact]
    public async Task InterfaceNotThereYet_OtherEndpointProgrammed_RouteAddedWhenItAppears()
    {
        var (node, pod, cali) = CreateNodeAndPod();
        var later = "cali" + UniqueNames.Lab()[2..];
        var manager = new RouteManager(node.Netlink);
        manager.OnUpdate(Endpoint("a", cali, PodIp));
        manager.OnUpdate(Endpoint("b", later, Cidr.Parse("10.65.0.3/32")));

        await manager.CompleteDeferredWorkAsync(CancellationToken.None);
        Assert.Equal(["10.65.0.2"], Destinations(node, cali));
        Assert.Equal(1, manager.LastResult.MissingInterfaces);
        Assert.Equal(0, manager.LastResult.Errors);

        CreateVeth(node, pod, later, "eth1");
        await manager.CompleteDeferredWorkAsync(CancellationToken.None);

        Assert.Equal(["10.65.0.3"], Destinations(node, later));
        Assert.Equal("1", node.ReadSysctl($"net/ipv4/conf/{later}/proxy_arp"));
        Assert.Equal(0, manager.LastResult.MissingInterfaces);
    }

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(_owned))
        {
            item.Dispose();
        }
    }

    private (TestNamespace Node, TestNamespace Pod, string Cali) CreateNodeAndPod()
    {
        var node = TestNamespace.Create("fdr", "node");
        _owned.Add(node);
        var pod = TestNamespace.Create("fdr", "pod");
        _owned.Add(pod);
        var cali = "cali" + UniqueNames.Lab()[2..];
        CreateVeth(node, pod, cali, "eth0");
        return (node, pod, cali);
    }

    /// <summary>A veth NAME (node) / PEER (pod), both up, as the CNI plugin leaves it but without routes or settings.</summary>
    private static void CreateVeth(TestNamespace node, TestNamespace pod, string name, string peer)
    {
        node.Netlink.Links.CreateVeth(new VethSpec(name, peer) { PeerNamespace = pod.Handle, Mac = MacAddress.CalicoHostSide, Up = true });
        pod.Netlink.Links.SetUp(pod.Netlink.Links.Get(peer).Index);
    }

    private static string[] Destinations(TestNamespace node, string device) =>
        [.. node.IpJson("-4", "route", "show", "dev", device).EnumerateArray().Select(r => Text(r, "dst")!).Order(StringComparer.Ordinal)];

    private static string? Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static EndpointId Id(string name) => EndpointId.Workload("default", name);

    private static WorkloadEndpointUpdate Endpoint(string name, string interfaceName, params Cidr[] networks) =>
        new(Id(name), interfaceName, networks, [], [], []);
}
