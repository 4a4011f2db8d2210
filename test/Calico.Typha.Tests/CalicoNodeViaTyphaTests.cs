using Calico.Datastore;
using Calico.Testing;

namespace Calico.Typha.Tests;

/// <summary>
/// A real calico-node in a test namespace syncing through a real calico-typha (same namespace) programs the same
/// nftables ruleset as a calico-node in another test namespace watching the datastore directly.
/// </summary>
public sealed class CalicoNodeViaTyphaTests
{
    private const string Interface = "cali12345abcdef";

    [PrivilegedFact]
    public async Task CalicoNode_ViaTypha_ProgramsTheSameRulesetAsDirect()
    {
        await using var store = await TestStore.CreateAsync();
        await SeedAsync(store.Store);
        using var direct = TestNamespace.Create("typha", "direct");
        using var via = TestNamespace.Create("typha", "via");
        via.Ip("link", "set", "lo", "up");
        var node = new Dictionary<string, string>
        {
            ["DATASTORE_TYPE"] = "sqlite",
            ["SQLITE_PATH"] = store.Path,
            ["NODENAME"] = "node1",
            ["IP"] = "198.18.0.11/24",
            ["CALICO_NETWORKING_BACKEND"] = "none",
            ["FELIX_HEALTHENABLED"] = "false",
        };
        using var typha = DaemonProcess.Start("calico-typha.dll", new Dictionary<string, string>
        {
            ["DATASTORE_TYPE"] = "sqlite",
            ["SQLITE_PATH"] = store.Path,
            ["TYPHA_LISTENADDRESS"] = "127.0.0.1",
            ["TYPHA_HEALTHENABLED"] = "false",
        }, via.Name);
        using var directNode = DaemonProcess.Start("calico-node.dll", node, direct.Name);
        using var viaNode = DaemonProcess.Start("calico-node.dll", new Dictionary<string, string>(node) { ["FELIX_TYPHAADDR"] = "127.0.0.1:5473" }, via.Name);

        string directRules = string.Empty, viaRules = string.Empty;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(typha.HasExited, $"calico-typha exited: {typha.Output}");
            Assert.False(viaNode.HasExited, $"calico-node (via Typha) exited: {viaNode.Output}");
            Assert.False(directNode.HasExited, $"calico-node (direct) exited: {directNode.Output}");
            directRules = Ruleset(direct);
            viaRules = Ruleset(via);
            if (directRules.Contains(Interface, StringComparison.Ordinal) && string.Equals(directRules, viaRules, StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Contains(Interface, directRules, StringComparison.Ordinal);
        Assert.Equal(directRules, viaRules);
        Assert.Contains("Connected to Typha 127.0.0.1:5473", viaNode.Output, StringComparison.Ordinal);
        Assert.Contains("wants the felix syncer", typha.Output, StringComparison.Ordinal);
    }

    private static string Ruleset(TestNamespace ns)
    {
        var (exit, output, _) = ProcessRunner.TryRun("ip", "netns", "exec", ns.Name, "nft", "list", "table", "inet", "calico");
        return exit == 0 ? output : string.Empty;
    }

    private static async Task SeedAsync(IDatastore store)
    {
        await store.CreateAsync(ResourceKey.Cluster("IPPool", "pool"), "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"pool\"},\"spec\":{\"cidr\":\"10.65.0.0/16\",\"vxlanMode\":\"Never\",\"ipipMode\":\"Never\",\"natOutgoing\":true}}");
        await store.CreateAsync(ResourceKey.Cluster("GlobalNetworkPolicy", "default.allow-db"), "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"GlobalNetworkPolicy\",\"metadata\":{\"name\":\"default.allow-db\"},\"spec\":{\"selector\":\"app == 'server'\",\"types\":[\"Ingress\"],\"ingress\":[{\"action\":\"Allow\",\"protocol\":\"TCP\",\"source\":{\"selector\":\"role == 'db'\"},\"destination\":{\"ports\":[5432]}}]}}");
        await store.CreateAsync(ResourceKey.Cluster("GlobalNetworkSet", "db"), "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"GlobalNetworkSet\",\"metadata\":{\"name\":\"db\",\"labels\":{\"role\":\"db\"}},\"spec\":{\"nets\":[\"10.9.0.0/24\"]}}");
        await store.CreateAsync(ResourceKey.Namespaced("WorkloadEndpoint", "app", "node1-k8s-pod1-eth0"), "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"WorkloadEndpoint\",\"metadata\":{\"name\":\"node1-k8s-pod1-eth0\",\"namespace\":\"app\",\"labels\":{\"app\":\"server\",\"projectcalico.org/namespace\":\"app\"}},\"spec\":{\"node\":\"node1\",\"orchestrator\":\"k8s\",\"workload\":\"pod1\",\"endpoint\":\"eth0\",\"interfaceName\":\"" + Interface + "\",\"ipNetworks\":[\"10.65.0.5/32\"]}}");
    }
}
