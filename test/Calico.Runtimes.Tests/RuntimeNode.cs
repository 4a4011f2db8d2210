using System.Text.RegularExpressions;
using Calico.Ctl;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Runtimes.Tests;

/// <summary>
/// A node for the runtime tests: a network namespace (lo up; veth gw0/gw1 with 198.19.0.2/24 and a default route via
/// 198.19.0.1 that leads nowhere, which proxy ARP needs), a private SQLite datastore with the pool 10.244.0.0/16 and the
/// Node resource, a CNI bin dir (links to bin/calico, bin/calico-ipam, bin/libe_sqlite3.so and /usr/lib/cni/loopback) and
/// the conflist <c>calico-test</c> in one conf dir per runtime.
///
/// Every runtime process runs with <c>nsenter --net=/run/netns/&lt;node&gt;</c>: the node's network namespace and the
/// host's mount namespace. <c>ip netns exec</c> cannot be used for runc-based runtimes: it mounts a fresh sysfs (no
/// /sys/fs/cgroup, so runc cannot create cgroups) and makes /run/netns a slave mount (the runtime's netns bind mounts
/// would not be seen outside it).
///
/// Everything is named calico-test-rt-&lt;random&gt;…; DisposeAsync removes it, also after a failure.
/// </summary>
public sealed partial class RuntimeNode : IAsyncDisposable
{
    public const string NetworkName = "calico-test";
    public const string Pool = "10.244.0.0/16";
    public const string PoolPrefix = "10.244.";
    public const string NodeName = "node1";

    private readonly List<string> _namespaces = [];
    private readonly List<Func<Task>> _cleanups = [];
    private readonly ITestOutputHelper _output;

    private RuntimeNode(string prefix, string directory, ITestOutputHelper output)
    {
        Prefix = prefix;
        Directory = directory;
        _output = output;
    }

    /// <summary>calico-test-rt-&lt;8 hex&gt;: the prefix of every name this node makes.</summary>
    public string Prefix { get; }

    public string Directory { get; }

    public string NodeNamespace => $"{Prefix}-node";

    public string NodeNetnsPath => $"/run/netns/{NodeNamespace}";

    public string DatastorePath => Path.Combine(Directory, "calico.db");

    public string CniBin => Path.Combine(Directory, "cni-bin");

    /// <summary>A scratch dir for the shared scripts (TMPDIR), so their temp files carry our prefix too.</summary>
    public string Scratch => Path.Combine(Directory, "tmp");

    public static async Task<RuntimeNode> CreateAsync(ITestOutputHelper output)
    {
        var prefix = "calico-test-rt-" + UniqueNames.Lab()[2..];
        var directory = System.IO.Directory.CreateTempSubdirectory(prefix + "-").FullName;
        var node = new RuntimeNode(prefix, directory, output);
        try
        {
            System.IO.Directory.CreateDirectory(node.Scratch);
            await node.AddNamespaceAsync(node.NodeNamespace);
            await Ip("-n", node.NodeNamespace, "link", "add", "gw0", "type", "veth", "peer", "name", "gw1");
            await Ip("-n", node.NodeNamespace, "addr", "add", "198.19.0.2/24", "dev", "gw0");
            await Ip("-n", node.NodeNamespace, "link", "set", "gw0", "up");
            await Ip("-n", node.NodeNamespace, "link", "set", "gw1", "up");
            await Ip("-n", node.NodeNamespace, "route", "add", "default", "via", "198.19.0.1");

            System.IO.Directory.CreateDirectory(node.CniBin);
            foreach (var name in new[] { "calico", "calico-ipam", "libe_sqlite3.so" })
            {
                File.CreateSymbolicLink(Path.Combine(node.CniBin, name), Path.Combine(RepositoryPaths.Binaries, name));
            }

            File.CreateSymbolicLink(Path.Combine(node.CniBin, "loopback"), "/usr/lib/cni/loopback");

            await node.CtlOkWithInputAsync($"apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {{name: test-pool}}\nspec: {{cidr: {Pool}, blockSize: 26}}\n", "apply", "-f", "-");
            await node.CtlOkWithInputAsync($"apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {{name: {NodeName}}}\nspec: {{}}\n", "apply", "-f", "-");
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes the conflist into a new conf dir and returns the dir. log_level debug makes the plugin print one line per
    /// successful command on stderr ("calico DEL &lt;id&gt;: parse …, dataplane …"), which the runtimes pass on to their logs.
    /// </summary>
    public string WriteConfDir(string name)
    {
        var dir = System.IO.Directory.CreateDirectory(Path.Combine(Directory, name)).FullName;
        File.WriteAllText(Path.Combine(dir, $"10-{NetworkName}.conflist"), $$"""
            {
              "cniVersion": "1.0.0",
              "name": "{{NetworkName}}",
              "plugins": [
                {
                  "type": "calico",
                  "datastore_type": "sqlite",
                  "sqlite_path": "{{DatastorePath}}",
                  "nodename": "{{NodeName}}",
                  "mtu": 1450,
                  "log_level": "debug",
                  "ipam": { "type": "calico-ipam" }
                }
              ]
            }
            """);
        return dir;
    }

    /// <summary>Runs a program in the node's network namespace (host mount namespace): nsenter --net=/run/netns/&lt;node&gt;.</summary>
    public Task<ProcessResult> InNodeAsync(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        Processes.RunAsync("nsenter", [$"--net={NodeNetnsPath}", "--", program, .. args], environment, timeout: timeout);

    /// <summary>Runs a program in another network namespace given by its path (a pod's).</summary>
    public static Task<ProcessResult> InNetnsAsync(string netnsPath, params string[] command) =>
        Processes.RunAsync("nsenter", [$"--net={netnsPath}", "--", .. command]);

    public async Task<string> IpInNodeAsync(params string[] args) => await Ip(["-n", NodeNamespace, .. args]);

    /// <summary>Registers a cleanup step run (in reverse order) by DisposeAsync before the namespaces go.</summary>
    public void OnDispose(Func<Task> cleanup) => _cleanups.Add(cleanup);

    public void Log(string message) => _output.WriteLine($"[{DateTime.UtcNow:HH:mm:ss.fff}] {message}");

    public async Task<(int Exit, string Stdout, string Stderr)> CtlWithInputAsync(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var variables = new Dictionary<string, string?> { ["DATASTORE_TYPE"] = "sqlite", ["SQLITE_PATH"] = DatastorePath };
        var exit = await CalicoCtl.RunAsync(args, new CtlEnvironment(new StringReader(stdin), output, error, variables), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>calicoctl in-process on the node's datastore; fails the test on a non-zero exit.</summary>
    public Task<string> CtlOkAsync(params string[] args) => CtlOkWithInputAsync(string.Empty, args);

    public async Task<string> CtlOkWithInputAsync(string stdin, params string[] args)
    {
        var (exit, stdout, stderr) = await CtlWithInputAsync(stdin, args);
        Assert.True(exit == 0, $"calicoctl {string.Join(' ', args)} failed: {stderr}");
        return stdout;
    }

    /// <summary>`calicoctl ipam show --ip=ADDR`.</summary>
    public Task<string> IpamShowAsync(string address) => CtlOkAsync("ipam", "show", $"--ip={address}");

    /// <summary>The node has no cali* interface and no route to a pool address left.</summary>
    public async Task AssertNodeHasNoPodStateAsync()
    {
        var links = await IpInNodeAsync("-o", "link", "show");
        Assert.DoesNotContain(": cali", links, StringComparison.Ordinal);
        var routes = await IpInNodeAsync("-4", "route", "show", "table", "all");
        Assert.DoesNotContain(PoolPrefix, routes, StringComparison.Ordinal);
    }

    /// <summary>
    /// Read-only check of the root network namespace: no cali* link and no route to a pool address (the runtimes and the
    /// plugin ran only inside the node).
    /// </summary>
    public static async Task AssertRootNamespaceUntouchedAsync()
    {
        var links = (await Processes.RunOkAsync("ip", "-o", "link", "show")).Stdout;
        Assert.False(CaliLink().IsMatch(links), $"the root namespace has a cali* link:\n{links}");
        foreach (var family in new[] { "-4", "-6" })
        {
            var routes = (await Processes.RunOkAsync("ip", family, "route", "show", "table", "all")).Stdout;
            Assert.DoesNotContain(PoolPrefix, routes, StringComparison.Ordinal);
            Assert.DoesNotContain("cali", routes, StringComparison.Ordinal);
        }
    }

    /// <summary>The first IPv4 address on eth0 in `ip -4 -o addr show dev eth0` output.</summary>
    public static string Eth0Address(string ipAddrOutput)
    {
        var match = InetAddress().Match(ipAddrOutput);
        Assert.True(match.Success, $"no inet address in: {ipAddrOutput}");
        return match.Groups[1].Value;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _cleanups.Count - 1; i >= 0; i--)
        {
            try
            {
                await _cleanups[i]();
            }
            catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException or Xunit.Sdk.XunitException)
            {
                Log($"cleanup step failed: {e.Message}");
            }
        }

        foreach (var ns in _namespaces)
        {
            await Processes.RunAsync("ip", "netns", "del", ns);
        }

        // The labs unmount what the runtimes mounted under the dir; if one of them could not, do it here (deepest first),
        // so that the dir can go.
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
            .Where(m => m.StartsWith(Directory + "/", StringComparison.Ordinal)).OrderDescending(StringComparer.Ordinal);
        foreach (var mount in mounts)
        {
            Log($"unmounting leftover {mount}");
            if ((await Processes.RunAsync("umount", mount)).ExitCode != 0)
            {
                await Processes.RunAsync("umount", "-l", mount);
            }
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private async Task AddNamespaceAsync(string name)
    {
        await Ip("netns", "add", name);
        _namespaces.Add(name);
        await Ip("-n", name, "link", "set", "lo", "up");
    }

    /// <summary>Makes a plain pod namespace (for cnitool), removed with the node.</summary>
    public async Task<string> AddPodNamespaceAsync(string name)
    {
        var full = $"{Prefix}-{name}";
        await AddNamespaceAsync(full);
        return $"/var/run/netns/{full}";
    }

    /// <summary>libcni's result cache entries (/var/lib/cni/results/&lt;net&gt;-&lt;container id&gt;-&lt;if&gt;) of the given containers.</summary>
    public static IReadOnlyList<string> CniCacheEntries(IEnumerable<string> containerIds)
    {
        const string results = "/var/lib/cni/results";
        if (!System.IO.Directory.Exists(results))
        {
            return [];
        }

        var ids = containerIds.ToList();
        return System.IO.Directory.GetFiles(results).Where(f => ids.Any(id => Path.GetFileName(f).Contains($"-{id}-", StringComparison.Ordinal))).ToList();
    }

    public static void RemoveCniCacheEntries(IEnumerable<string> containerIds)
    {
        foreach (var file in CniCacheEntries(containerIds))
        {
            File.Delete(file);
        }
    }

    private static async Task<string> Ip(params string[] args) => (await Processes.RunOkAsync("ip", args)).Stdout;

    [GeneratedRegex(@"^\d+: cali", RegexOptions.Multiline)]
    private static partial Regex CaliLink();

    [GeneratedRegex(@"inet (\d+\.\d+\.\d+\.\d+)/")]
    private static partial Regex InetAddress();
}
