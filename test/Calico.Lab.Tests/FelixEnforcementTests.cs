using System.Globalization;
using System.Text.RegularExpressions;
using Calico.Datastore;
using Calico.Lab.Testing;
using Calico.Testing;

namespace Calico.Lab.Tests;

/// <summary>
/// calico-node's Felix in a lab node, against the kernel: drift is repaired by the periodic resync, and a policy that
/// cannot be rendered (its tier does not exist) makes the endpoints it selects fail closed, counted and logged once.
/// </summary>
public sealed partial class FelixEnforcementTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [PrivilegedFact]
    public async Task Resync_TableFlushedBehindFelixsBack_IsPutBackAndPolicyEnforcedAgain()
    {
        await using var lab = new LabHarness(new Dictionary<string, string?> { ["FELIX_NFTABLESREFRESHINTERVAL"] = "1" });
        await lab.LabOkAsync("up", "--nodes", "1");
        await lab.LabOkAsync("pod", "add", "app/client", "--labels", "app=client");
        var server = AddressOf(await lab.LabOkAsync("pod", "add", "app/server", "--labels", "app=server"));
        await using var listener = await PodListener.StartAsync(lab, "app/server", 8080);
        await lab.CtlOkAsync("apply", "-f", await WriteAsync(lab, DenyIngressToServer));
        await WaitForAsync(async () => !await ConnectsAsync(lab, server), "the deny policy to be enforced");

        ProcessRunner.Run("ip", "netns", "exec", lab.NodeNamespace(1), "nft", "flush", "table", "inet", "calico");

        await WaitForAsync(() => Task.FromResult(ProcessRunner.Run("ip", "netns", "exec", lab.NodeNamespace(1), "nft", "list", "chain", "inet", "calico", "cali-FORWARD").Contains("vmap @cali-from-wl-dispatch", StringComparison.Ordinal)), "the flushed table to be put back");
        Assert.False(await ConnectsAsync(lab, server), "after the repair the deny policy is enforced again");
        Assert.True(MetricValue(await MetricsAsync(lab), "felix_int_dataplane_resyncs_total") >= 1);
    }

    [PrivilegedFact]
    public async Task Problem_PolicyInMissingTier_EndpointFailsClosedCountedAndLoggedOnce()
    {
        await using var lab = new LabHarness();
        await lab.LabOkAsync("up", "--nodes", "1");
        await lab.LabOkAsync("pod", "add", "app/client", "--labels", "app=client");
        var server = AddressOf(await lab.LabOkAsync("pod", "add", "app/server", "--labels", "app=server"));
        var other = AddressOf(await lab.LabOkAsync("pod", "add", "app/other", "--labels", "app=other"));
        await using var serverListener = await PodListener.StartAsync(lab, "app/server", 8080);
        await using var otherListener = await PodListener.StartAsync(lab, "app/other", 8080);
        await WaitForAsync(() => ConnectsAsync(lab, server), "the server to be reachable before the bad policy");

        // An allow-all policy in a tier that does not exist. calicoctl refuses to write one (and to delete a tier that
        // holds policies), so it is written straight into the datastore, as another writer could have done.
        await using (var store = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = lab.DatastorePath }))
        {
            await store.CreateAsync(new ResourceKey("GlobalNetworkPolicy", null, "missing-tier.allow-all"), AllowInMissingTier);
        }

        await WaitForAsync(async () => !await ConnectsAsync(lab, server), "the server to fail closed");

        Assert.True(await ConnectsAsync(lab, other), "endpoints the policy does not select are not disturbed");
        var metrics = await MetricsAsync(lab);
        Assert.Equal(1, MetricValue(metrics, "felix_calc_graph_problems"));
        await lab.LabOkAsync("pod", "add", "app/later", "--labels", "app=later");   // more flushes: the problem is not logged again
        var log = await lab.LabOkAsync("logs", "node1");
        Assert.Single(Regex.Matches(log, "Cannot render as written: endpoint app/node1-k8s-server-eth0 fails closed for ingress: policy .*missing-tier"));

        await lab.CtlOkAsync("delete", "globalnetworkpolicy", "missing-tier.allow-all");
        await WaitForAsync(() => ConnectsAsync(lab, server), "the server to be reachable once the bad policy is gone");
        Assert.Equal(0, MetricValue(await MetricsAsync(lab), "felix_calc_graph_problems"));
    }

    private const string DenyIngressToServer = """
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata:
          name: deny-server
          namespace: app
        spec:
          selector: app == 'server'
          types: [Ingress]
        """;

    private const string AllowInMissingTier =
        "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"GlobalNetworkPolicy\",\"metadata\":{\"name\":\"missing-tier.allow-all\"},"
        + "\"spec\":{\"tier\":\"missing-tier\",\"selector\":\"app == 'server'\",\"types\":[\"Ingress\"],\"ingress\":[{\"action\":\"Allow\"}]}}";

    private static async Task<bool> ConnectsAsync(LabHarness lab, string address)
    {
        var (exit, _) = await lab.ExecAsync("app/client", "nc", "-z", "-w", "1", address, "8080");
        return exit == 0;
    }

    private static async Task<string> MetricsAsync(LabHarness lab)
    {
        const string Fetch = "import urllib.request,sys; sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:9091/metrics', timeout=5).read().decode())";
        return await Task.Run(() => ProcessRunner.Run("ip", "netns", "exec", lab.NodeNamespace(1), "python3", "-c", Fetch));
    }

    private static double MetricValue(string metrics, string name)
    {
        var match = Regex.Match(metrics, $"^{Regex.Escape(name)} (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"metric {name} not found in:\n{metrics}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<string> WriteAsync(LabHarness lab, string yaml)
    {
        var path = Path.Combine(lab.StateDirectory, $"policy-{Guid.NewGuid():N}.yaml");
        Directory.CreateDirectory(lab.StateDirectory);
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(200);
        }
    }

    private static string AddressOf(string podAddOutput) => AddressPattern().Match(podAddOutput).Groups[1].Value;

    [GeneratedRegex(@": (\d+\.\d+\.\d+\.\d+)/32")]
    private static partial Regex AddressPattern();
}
