using System.Text.Json.Nodes;
using Calico.Datastore;

namespace Calico.Ipam.Tests;

/// <summary>IPAM resources are stored exactly as Calico's (field names, shapes, names).</summary>
public sealed class StoredFormatTests
{
    private readonly IpamFixture _fx = new(DatastoreFactory.CreateInMemory());

    private async Task<JsonObject> RawAsync(string kind, string name) =>
        JsonNode.Parse((await _fx.Datastore.GetAsync(ResourceKey.Cluster(kind, name)))!.Value)!.AsObject();

    [Fact]
    public async Task Resources_AfterAssign_HaveCalicosShape()
    {
        await _fx.PoolAsync("default", "192.168.0.0/16");
        await _fx.Client().AssignIpAsync(new AssignIpRequest
        {
            Address = System.Net.IPAddress.Parse("192.168.0.2"),
            HandleId = "k8s-pod-network.abc",
            Node = "node1",
            Attributes = new Dictionary<string, string> { ["namespace"] = "ns", ["pod"] = "p" },
        });

        var block = await RawAsync("IPAMBlock", "192-168-0-0-26");
        var affinity = await RawAsync("BlockAffinity", "node1-192-168-0-0-26");
        var handle = await RawAsync("IPAMHandle", "k8s-pod-network.abc");

        Assert.Equal("projectcalico.org/v3", (string?)block["apiVersion"]);
        Assert.Equal("IPAMBlock", (string?)block["kind"]);
        var spec = block["spec"]!.AsObject();
        Assert.Equal("192.168.0.0/26", (string?)spec["cidr"]);
        Assert.Equal("host:node1", (string?)spec["affinity"]);
        var allocations = spec["allocations"]!.AsArray();
        Assert.Equal(64, allocations.Count);
        Assert.Null(allocations[0]);
        Assert.Equal(0, (int)allocations[2]!);
        Assert.Equal(63, spec["unallocated"]!.AsArray().Count);
        var attribute = spec["attributes"]!.AsArray().Single()!.AsObject();
        Assert.Equal("k8s-pod-network.abc", (string?)attribute["handle_id"]);
        Assert.Equal("""{"namespace":"ns","node":"node1","pod":"p"}""", attribute["secondary"]!.ToJsonString());
        Assert.NotNull(spec["sequenceNumber"]);
        Assert.NotNull(spec["sequenceNumberForAllocation"]!["2"]);
        Assert.False((bool)spec["deleted"]!);

        Assert.Equal("""{"state":"confirmed","node":"node1","type":"host","cidr":"192.168.0.0/26","deleted":false}""", affinity["spec"]!.ToJsonString());
        Assert.Equal("""{"handleID":"k8s-pod-network.abc","block":{"192.168.0.0/26":1},"deleted":false}""", handle["spec"]!.ToJsonString());
        Assert.Equal("k8s-pod-network.abc", (string?)handle["metadata"]!["name"]);
    }
}
