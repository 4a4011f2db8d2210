using System.Net;
using Calico.Api;
using Calico.Api.Serialization;
using Calico.Datastore;
using Calico.Ipam;
using Calico.Node.Configuration;
using Calico.Node.Startup;
using Microsoft.Extensions.Logging.Abstractions;
using NodeResource = Calico.Api.Resources.Node;

namespace Calico.Node.Tests.Startup;

/// <summary>
/// Node registration against a real SQLite datastore and the real IPAM client. The address is given explicitly (IP with a
/// prefix), so nothing is read from the kernel here (the kernel tests cover autodetection).
/// </summary>
public sealed class NodeRegistrationTests : IAsyncLifetime
{
    private const string Handle = "vxlan-tunnel-addr-node1";
    private readonly string _directory = Directory.CreateTempSubdirectory("calico-test-nodereg-").FullName;
    private IDatastore _store = null!;

    public async Task InitializeAsync() =>
        _store = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = Path.Combine(_directory, "calico.db") });

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Register_NoNode_CreatesItWithAddressAndAsNumber()
    {
        using var registrar = Registrar(Options(ip: "198.18.0.11/24", asNumber: "64512"));

        await registrar.RegisterAsync(CancellationToken.None);

        var node = await ReadNodeAsync("node1");
        Assert.Equal("198.18.0.11/24", node.Spec.Bgp?.Ipv4Address);
        Assert.Equal(64512, node.Spec.Bgp?.AsNumber);
        Assert.NotNull(node.Metadata.Uid);
        Assert.NotNull(node.Metadata.CreationTimestamp);
        Assert.Null(node.Spec.Ipv4VxlanTunnelAddr);
        Assert.Null(node.Spec.VxlanTunnelMacAddr);
    }

    [Fact]
    public async Task Register_AsUnset_LeavesAsNumberInherited()
    {
        using var registrar = Registrar(Options(ip: "198.18.0.11/24"));

        await registrar.RegisterAsync(CancellationToken.None);

        Assert.Null((await ReadNodeAsync("node1")).Spec.Bgp?.AsNumber);
    }

    [Fact]
    public async Task Register_ExistingNodes_UpdatesOnlyItsOwnAndKeepsOtherFields()
    {
        await PutNodeAsync("node1", """{"labels":{"rack":"r1"}}""", """{"bgp":{"ipv4Address":"198.18.0.99/24","routeReflectorClusterID":"1.2.3.4"}}""");
        await PutNodeAsync("node2", "{}", """{"bgp":{"ipv4Address":"198.18.0.12/24"}}""");
        var node2Before = await _store.GetAsync(NodeKey("node2"));
        using var registrar = Registrar(Options(ip: "198.18.0.11/24"));

        await registrar.RegisterAsync(CancellationToken.None);

        var node1 = await ReadNodeAsync("node1");
        Assert.Equal("198.18.0.11/24", node1.Spec.Bgp?.Ipv4Address);
        Assert.Equal("1.2.3.4", node1.Spec.Bgp?.RouteReflectorClusterId);
        Assert.Equal("r1", node1.Metadata.Labels?["rack"]);
        Assert.Equal(node2Before, await _store.GetAsync(NodeKey("node2")));
    }

    [Fact]
    public async Task Register_NothingToChange_WritesNothing()
    {
        using var registrar = Registrar(Options(ip: "198.18.0.11/24", asNumber: "64512"));
        await registrar.RegisterAsync(CancellationToken.None);
        var revision = await _store.GetRevisionAsync();

        await registrar.RegisterAsync(CancellationToken.None);

        Assert.Equal(revision, await _store.GetRevisionAsync());
    }

    [Fact]
    public async Task Register_AddressOfAnotherNode_RefusesNamingTheNodeAndAddress()
    {
        await PutNodeAsync("node2", "{}", """{"bgp":{"ipv4Address":"198.18.0.11/16"}}""");
        var node2Before = await _store.GetAsync(NodeKey("node2"));
        using var registrar = Registrar(Options(ip: "198.18.0.11/24"));

        var error = await Assert.ThrowsAsync<NodeRegistrationException>(() => registrar.RegisterAsync(CancellationToken.None).AsTask());

        Assert.Contains("Calico node 'node2' is already using the IPv4 address 198.18.0.11", error.Message, StringComparison.Ordinal);
        Assert.Null(await _store.GetAsync(NodeKey("node1")));
        Assert.Equal(node2Before, await _store.GetAsync(NodeKey("node2")));
    }

    [Fact]
    public async Task Register_IpNone_KeepsTheExistingAddress()
    {
        await PutNodeAsync("node1", "{}", """{"bgp":{"ipv4Address":"198.18.0.99/24"}}""");
        using var registrar = Registrar(Options(ip: "none"));

        await registrar.RegisterAsync(CancellationToken.None);

        Assert.Equal("198.18.0.99/24", (await ReadNodeAsync("node1")).Spec.Bgp?.Ipv4Address);
    }

    [Fact]
    public async Task Register_VxlanPool_AllocatesTunnelAddressUnderTheNodesHandleWithAMac()
    {
        await PutPoolAsync("vxlan", "10.65.0.0/16", "Always");
        using var registrar = Registrar(Options(ip: "198.18.0.11/24"));

        await registrar.RegisterAsync(CancellationToken.None);

        var node = await ReadNodeAsync("node1");
        var address = IPAddress.Parse(node.Spec.Ipv4VxlanTunnelAddr!);
        var allocation = await IpamClientFactory.Create(_store).GetAllocationAsync(address);
        Assert.NotNull(allocation);
        Assert.Equal(Handle, allocation.HandleId);
        Assert.Equal("node1", allocation.Attributes[IpamAttributeNames.Node]);
        Assert.Equal("vxlanTunnelAddress", allocation.Attributes[IpamAttributeNames.Type]);
        Assert.Equal("node1", allocation.BlockNode);
        var mac = Calico.Netlink.MacAddress.Parse(node.Spec.VxlanTunnelMacAddr!).ToBytes();
        Assert.Equal(0x02, mac[0] & 0x03); // locally administered, unicast
    }

    [Fact]
    public async Task Register_Again_KeepsTunnelAddressAndMac()
    {
        await PutPoolAsync("vxlan", "10.65.0.0/16", "CrossSubnet");
        using (var first = Registrar(Options(ip: "198.18.0.11/24")))
        {
            await first.RegisterAsync(CancellationToken.None);
        }

        var before = await ReadNodeAsync("node1");
        using var restarted = Registrar(Options(ip: "198.18.0.11/24"));

        await restarted.RegisterAsync(CancellationToken.None);

        var after = await ReadNodeAsync("node1");
        Assert.NotNull(before.Spec.Ipv4VxlanTunnelAddr);
        Assert.Equal(before.Spec.Ipv4VxlanTunnelAddr, after.Spec.Ipv4VxlanTunnelAddr);
        Assert.Equal(before.Spec.VxlanTunnelMacAddr, after.Spec.VxlanTunnelMacAddr);
    }

    [Fact]
    public async Task Register_PoolVxlanBecomesNever_ReleasesAndClearsTheAddressKeepsTheMac()
    {
        await PutPoolAsync("vxlan", "10.65.0.0/16", "Always");
        using var registrar = Registrar(Options(ip: "198.18.0.11/24"));
        await registrar.RegisterAsync(CancellationToken.None);
        var address = IPAddress.Parse((await ReadNodeAsync("node1")).Spec.Ipv4VxlanTunnelAddr!);
        var mac = (await ReadNodeAsync("node1")).Spec.VxlanTunnelMacAddr;

        await PutPoolAsync("vxlan", "10.65.0.0/16", "Never");
        await registrar.RegisterAsync(CancellationToken.None);

        var node = await ReadNodeAsync("node1");
        Assert.Null(node.Spec.Ipv4VxlanTunnelAddr);
        Assert.Equal(mac, node.Spec.VxlanTunnelMacAddr);
        Assert.Null(await IpamClientFactory.Create(_store).GetAllocationAsync(address));
    }

    [Fact]
    public async Task Register_AddressInAPoolNoLongerUsable_ReplacedFromTheUsablePool()
    {
        await PutPoolAsync("old", "10.65.0.0/16", "Always");
        using var registrar = Registrar(Options(ip: "198.18.0.11/24"));
        await registrar.RegisterAsync(CancellationToken.None);
        var old = IPAddress.Parse((await ReadNodeAsync("node1")).Spec.Ipv4VxlanTunnelAddr!);

        await PutPoolAsync("old", "10.65.0.0/16", "Always", extra: "\"allowedUses\":[\"Workload\"],");
        await PutPoolAsync("new", "10.66.0.0/16", "Always");
        await registrar.RegisterAsync(CancellationToken.None);

        var now = IPAddress.Parse((await ReadNodeAsync("node1")).Spec.Ipv4VxlanTunnelAddr!);
        Assert.True(Calico.Core.Cidr.Parse("10.66.0.0/16").Contains(now), $"{now} is not in the new pool");
        Assert.Null(await IpamClientFactory.Create(_store).GetAllocationAsync(old));
    }

    [Fact]
    public async Task Register_PoolNotSelectingTheNodeOrDisabled_NoTunnelAddress()
    {
        await PutPoolAsync("elsewhere", "10.65.0.0/16", "Always", extra: "\"nodeSelector\":\"rack == 'r9'\",");
        await PutPoolAsync("off", "10.66.0.0/16", "Always", extra: "\"disabled\":true,");
        using var registrar = Registrar(Options(ip: "198.18.0.11/24"));

        await registrar.RegisterAsync(CancellationToken.None);

        Assert.Null((await ReadNodeAsync("node1")).Spec.Ipv4VxlanTunnelAddr);
    }

    [Fact]
    public async Task KeepCurrent_PoolAndNodeChanges_TakeEffect()
    {
        using var registrar = Registrar(Options(ip: "198.18.0.11/24"));
        await registrar.RegisterAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var loop = registrar.KeepCurrentAsync(stop.Token);
        try
        {
            await PutPoolAsync("vxlan", "10.65.0.0/16", "Always");
            var withTunnel = await WaitForNodeAsync(n => n.Spec.Ipv4VxlanTunnelAddr is not null && n.Spec.VxlanTunnelMacAddr is not null);

            // Someone wipes this node's fields: they are put back (the same tunnel address is re-assigned from IPAM).
            await PutNodeAsync("node1", "{}", "{}");
            var restored = await WaitForNodeAsync(n => n.Spec.Bgp?.Ipv4Address is not null && n.Spec.Ipv4VxlanTunnelAddr is not null);
            Assert.Equal("198.18.0.11/24", restored.Spec.Bgp!.Ipv4Address);

            await PutPoolAsync("vxlan", "10.65.0.0/16", "Never");
            var cleared = await WaitForNodeAsync(n => n.Spec.Ipv4VxlanTunnelAddr is null);
            Assert.Null(await IpamClientFactory.Create(_store).GetAllocationAsync(IPAddress.Parse(restored.Spec.Ipv4VxlanTunnelAddr!)));
            Assert.NotNull(withTunnel.Spec.Ipv4VxlanTunnelAddr);
            Assert.Equal("198.18.0.11/24", cleared.Spec.Bgp?.Ipv4Address);
        }
        finally
        {
            await stop.CancelAsync();
            await loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static NodeOptions Options(string ip, string? asNumber = null)
    {
        var environment = new Dictionary<string, string?> { ["NODENAME"] = "node1", ["IP"] = ip, ["AS"] = asNumber };
        return NodeOptionsLoader.Load(environment, () => "host");
    }

    private NodeRegistrar Registrar(NodeOptions options) =>
        NodeRegistrar.Open(options, _store, NullLoggerFactory.Instance, TimeProvider.System, resyncInterval: TimeSpan.FromMinutes(10));

    private static ResourceKey NodeKey(string name) => ResourceKey.Cluster("Node", name);

    private async Task<NodeResource> ReadNodeAsync(string name)
    {
        var stored = await _store.GetAsync(NodeKey(name));
        Assert.NotNull(stored);
        return (NodeResource)ResourceCodec.DecodeStored(ResourceKinds.Node, stored.Value);
    }

    private async Task<NodeResource> WaitForNodeAsync(Func<NodeResource, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var node = await ReadNodeAsync("node1");
            if (done(node))
            {
                return node;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the Node did not reach the expected state: {ResourceCodec.EncodeJson(node)}");
            await Task.Delay(50);
        }
    }

    private Task PutNodeAsync(string name, string metadataExtra, string spec) =>
        PutAsync(NodeKey(name), $$"""{"apiVersion":"projectcalico.org/v3","kind":"Node","metadata":{{Merge($$"""{"name":"{{name}}"}""", metadataExtra)}},"spec":{{spec}}}""");

    private Task PutPoolAsync(string name, string cidr, string vxlanMode, string extra = "") =>
        PutAsync(ResourceKey.Cluster("IPPool", name),
            "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + extra
            + "\"cidr\":\"" + cidr + "\",\"vxlanMode\":\"" + vxlanMode + "\"}}");

    private async Task PutAsync(ResourceKey key, string json)
    {
        if (await _store.GetAsync(key) is null)
        {
            await _store.CreateAsync(key, json);
        }
        else
        {
            await _store.UpdateAsync(key, json, expectedRevision: null);
        }
    }

    private static string Merge(string first, string second) =>
        string.Equals(second, "{}", StringComparison.Ordinal) ? first : first[..^1] + "," + second[1..];
}
