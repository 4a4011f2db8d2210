using System.Diagnostics;
using Calico.Testing;

namespace Calico.Cni.Tests.Integration;

/// <summary>Each bad input: a CNI error with the right code and a message naming the cause, and nothing leaked.</summary>
public sealed class PluginBadInputTests
{
    private static async Task AssertNothingLeakedAsync(PluginNode node)
    {
        var links = await node.IpInNodeAsync("link", "show");
        Assert.DoesNotContain("cali", links, StringComparison.Ordinal);
        var (_, usage, _) = await node.CtlAsync(string.Empty, "ipam", "show");
        Assert.Contains("| 0 (0%)", usage, StringComparison.Ordinal);
        var (_, check, _) = await node.CtlAsync(string.Empty, "ipam", "check");
        Assert.Contains("found 0 problems", check, StringComparison.Ordinal);
        Assert.Single((await node.CtlAsync(string.Empty, "get", "wep", "-A")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static Dictionary<string, string> Env(string netns, string command = "ADD") => new()
    {
        ["CNI_COMMAND"] = command,
        ["CNI_CONTAINERID"] = "c1",
        ["CNI_NETNS"] = netns,
        ["CNI_IFNAME"] = "eth0",
        ["CNI_PATH"] = RepositoryPaths.Binaries,
        ["CNI_ARGS"] = "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=p1",
    };

    [PrivilegedFact]
    public async Task MalformedStdin_DecodeFailure()
    {
        await using var node = await PluginNode.CreateAsync();
        var netns = await node.AddPodNamespaceAsync("p1");

        var result = await node.RunRawAsync(Env(netns), "{\"cniVersion\": \"1.0.0\", ");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(6, (int?)result.Json["code"]);
        Assert.Contains("not valid JSON", (string?)result.Json["msg"], StringComparison.Ordinal);
        await AssertNothingLeakedAsync(node);
    }

    [PrivilegedFact]
    public async Task UnsupportedVersion_IncompatibleVersion()
    {
        await using var node = await PluginNode.CreateAsync();
        var netns = await node.AddPodNamespaceAsync("p1");

        var result = await node.RunRawAsync(Env(netns), node.Config("0.2.0"));

        Assert.Equal(1, (int?)result.Json["code"]);
        Assert.Contains("0.2.0", (string?)result.Json["msg"], StringComparison.Ordinal);
        await AssertNothingLeakedAsync(node);
    }

    [PrivilegedFact]
    public async Task AddWithoutNetns_InvalidEnvironment()
    {
        await using var node = await PluginNode.CreateAsync();

        var result = await node.RunRawAsync(Env(string.Empty), node.Config());

        Assert.Equal(4, (int?)result.Json["code"]);
        Assert.Contains("CNI_NETNS", (string?)result.Json["msg"], StringComparison.Ordinal);
        await AssertNothingLeakedAsync(node);
    }

    [PrivilegedTheory]
    [InlineData(",\"datastore_type\":\"kubernetes\"", "datastore_type \"kubernetes\" is not sqlite or etcdv3")]
    [InlineData(",\"datastore_type\":\"etcdv3\"", "datastore_type etcdv3 needs etcd_endpoints")]
    [InlineData(",\"datastore_type\":\"etcdv3\",\"etcd_endpoints\":\"unix://etcd.sock:0\"", "unix:///absolute/path")]
    public async Task BadDatastoreSettings_InvalidConfig_NamingTheKey(string extra, string message)
    {
        await using var node = await PluginNode.CreateAsync();
        var netns = await node.AddPodNamespaceAsync("p1");

        var result = await node.RunRawAsync(Env(netns), node.Config(extra: extra));

        Assert.Equal(7, (int?)result.Json["code"]);
        Assert.Contains(message, (string?)result.Json["msg"], StringComparison.Ordinal);
        await AssertNothingLeakedAsync(node);
    }

    [PrivilegedFact]
    public async Task Error_WithLogFilePath_IsWrittenThere()
    {
        await using var node = await PluginNode.CreateAsync();
        var log = Path.Combine(node.Directory, "log", "cni.log");

        await node.RunRawAsync(Env(string.Empty), node.Config(extra: $",\"log_file_path\":\"{log}\""));

        Assert.Contains("CNI_NETNS is not set", await File.ReadAllTextAsync(log), StringComparison.Ordinal);
    }

    [PrivilegedFact]
    public async Task NetnsThatDoesNotExist_InvalidEnvironmentAndNoLeak()
    {
        await using var node = await PluginNode.CreateAsync();

        var result = await node.RunRawAsync(Env($"/var/run/netns/{node.Prefix}-missing"), node.Config());

        Assert.Equal(4, (int?)result.Json["code"]);
        Assert.Contains("not a network namespace that exists", (string?)result.Json["msg"], StringComparison.Ordinal);
        await AssertNothingLeakedAsync(node);
    }

    [PrivilegedFact]
    public async Task ExhaustedPool_NoAddressAvailableNamingThePool()
    {
        await using var node = await PluginNode.CreateAsync(pool: "10.250.0.0/30", blockSize: 30);
        for (var i = 0; i < 4; i++)
        {
            var ns = await node.AddPodNamespaceAsync($"p{i}");
            (await node.RunAsync("ADD", $"c{i}", ns, node.Config(), pod: $"p{i}")).ShouldSucceed();
        }

        var netns = await node.AddPodNamespaceAsync("full");
        var result = await node.RunAsync("ADD", "cfull", netns, node.Config(), pod: "full");

        Assert.Equal(100, (int?)result.Json["code"]);
        Assert.Contains("test-pool", (string?)result.Json["msg"], StringComparison.Ordinal);
        Assert.DoesNotContain("calic", await node.IpInNodeAsync("link", "show", "dev", "lo"), StringComparison.Ordinal);
        Assert.Equal(4, (await node.CtlAsync(string.Empty, "get", "wep", "-A")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
    }

    [PrivilegedFact]
    public async Task OnlyDisabledPools_NoAddressAvailableSayingDisabled()
    {
        await using var node = await PluginNode.CreateAsync();
        await node.CtlOkAsync(string.Empty, "patch", "ippool", "test-pool", "-p", "{\"spec\":{\"disabled\":true}}");
        var netns = await node.AddPodNamespaceAsync("p1");

        var result = await node.RunAsync("ADD", "c1", netns, node.Config(), pod: "p1");

        Assert.Equal(100, (int?)result.Json["code"]);
        Assert.Contains("disabled", (string?)result.Json["msg"], StringComparison.OrdinalIgnoreCase);
        await AssertNothingLeakedAsync(node);
    }

    [PrivilegedFact]
    public async Task DatastoreUnreachable_DatastoreUnavailable()
    {
        await using var node = await PluginNode.CreateAsync();
        var netns = await node.AddPodNamespaceAsync("p1");
        var config = node.Config().Replace(node.DatastorePath, "/proc/calico-test-no-such-dir/calico.db", StringComparison.Ordinal);

        var result = await node.RunAsync("ADD", "c1", netns, config, pod: "p1");

        Assert.Equal(101, (int?)result.Json["code"]);
        Assert.Contains("/proc/calico-test-no-such-dir/calico.db", (string?)result.Json["msg"], StringComparison.Ordinal);
        await AssertNothingLeakedAsync(node);
    }

    [PrivilegedFact]
    public async Task DatastoreLocked_ClearErrorWithinTimeoutNeverHangs()
    {
        await using var node = await PluginNode.CreateAsync();
        var netns = await node.AddPodNamespaceAsync("p1");
        using var holder = Process.Start(new ProcessStartInfo("python3", ["-c",
            $"import sqlite3,time,sys; c=sqlite3.connect('{node.DatastorePath}', isolation_level=None); c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(60)"])
        { RedirectStandardOutput = true })!;
        try
        {
            Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync());
            var stopwatch = Stopwatch.StartNew();

            var result = await node.RunAsync("ADD", "c1", netns, node.Config(timeoutSeconds: 2), pod: "p1");

            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed} with a 2 s datastore timeout");
            Assert.Contains((int?)result.Json["code"], new int?[] { 101, 11 });
            Assert.Contains("lock", (string?)result.Json["msg"], StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            holder.Kill();
            await holder.WaitForExitAsync();
        }

        await AssertNothingLeakedAsync(node);
    }
}
