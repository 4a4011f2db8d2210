using Calico.Client.Migration;
using Calico.Datastore;
using Calico.Ipam;

namespace Calico.Client.Tests.Migration;

/// <summary>
/// Fills a store with every sort of thing a cluster holds: pools, nodes, IPAM configuration, policies (cluster-scoped and
/// namespaced), a kind this build does not know, odd characters, then real IPAM allocations (blocks, affinities, handles)
/// made through the Ipam library, and finally the migration lock.
/// </summary>
public static class MigrationSeed
{
    public static async Task FillAsync(IDatastore store, int allocations)
    {
        await store.CreateAsync(ResourceKey.Cluster("IPPool", "pool4"), """{"apiVersion":"projectcalico.org/v3","kind":"IPPool","metadata":{"name":"pool4"},"spec":{"cidr":"10.77.0.0/16","blockSize":28}}""");
        await store.CreateAsync(ResourceKey.Cluster("IPPool", "pool6"), """{"apiVersion":"projectcalico.org/v3","kind":"IPPool","metadata":{"name":"pool6"},"spec":{"cidr":"fd77::/112","blockSize":122}}""");
        await store.CreateAsync(ResourceKey.Cluster("IPAMConfiguration", "default"), """{"apiVersion":"projectcalico.org/v3","kind":"IPAMConfiguration","metadata":{"name":"default"},"spec":{"strictAffinity":false,"maxBlocksPerHost":0,"autoAllocateBlocks":true}}""");
        foreach (var node in new[] { "node-a", "node-b" })
        {
            await store.CreateAsync(ResourceKey.Cluster("Node", node), $$$"""{"apiVersion":"projectcalico.org/v3","kind":"Node","metadata":{"name":"{{{node}}}","labels":{"zone":"z1"}},"spec":{}}""");
        }

        await store.CreateAsync(ResourceKey.Namespaced("NetworkPolicy", "app", "allow-web"), """{"apiVersion":"projectcalico.org/v3","kind":"NetworkPolicy","metadata":{"name":"allow-web","namespace":"app","annotations":{"note":"quotes \" backslash \\ newline \n tab \t unicode é ✓ 🐝"}},"spec":{"selector":"app == 'web'","types":["Ingress"]}}""");
        await store.CreateAsync(ResourceKey.Cluster("GlobalNetworkPolicy", "default.deny-all"), """{"apiVersion":"projectcalico.org/v3","kind":"GlobalNetworkPolicy","metadata":{"name":"default.deny-all"},"spec":{"tier":"default","selector":"all()","types":["Ingress","Egress"]}}""");
        await store.CreateAsync(ResourceKey.Cluster("FutureKindThisBuildDoesNotKnow", "x"), """{"anything":[1,2.5,null,true,{"nested":"  spaces  "}]}""");

        var ipam = IpamClientFactory.Create(store);
        for (var i = 0; i < allocations; i++)
        {
            await ipam.AutoAssignAsync(new AutoAssignRequest
            {
                HandleId = $"k8s-pod-network.{i:x8}",
                Node = i % 2 == 0 ? "node-a" : "node-b",
                Num4 = 1,
                Num6 = i % 3 == 0 ? 1 : 0,
                Attributes = new Dictionary<string, string> { ["namespace"] = "app", ["pod"] = $"pod-{i}" },
            });
        }

        await new DatastoreLock(store).LockAsync("v-test");
    }

    /// <summary>Every key and value of a store, in key order, for comparing two stores.</summary>
    public static async Task<List<(ResourceKey Key, string Value)>> SnapshotAsync(IDatastore store) =>
        [.. (await ((IWholeStoreListing)store).ListAllAsync()).Items.Select(r => (r.Key, r.Value))];
}
