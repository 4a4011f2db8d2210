using System.Diagnostics;
using System.Text.Json.Nodes;
using Calico.Ctl;
using Calico.Testing;

namespace Calico.Cni.Tests.Integration;

/// <summary>
/// A node for plugin tests: its own network namespace (with a default route that leads nowhere, as proxy ARP needs), a
/// private SQLite datastore with an IP pool, and pod namespaces on demand. Runs the real bin/calico inside the node.
/// Everything has the prefix calico-test-cni-&lt;random&gt; and is removed in DisposeAsync.
/// </summary>
public sealed class PluginNode : IAsyncDisposable
{
    private readonly List<string> _namespaces = [];

    private PluginNode(string prefix, string directory, string node)
    {
        Prefix = prefix;
        Directory = directory;
        Node = node;
    }

    public string Prefix { get; }

    public string Directory { get; }

    public string DatastorePath => Path.Combine(Directory, "calico.db");

    public string Node { get; }

    public string NodeNamespace => $"{Prefix}-node";

    public static async Task<PluginNode> CreateAsync(string pool = "10.244.0.0/16", int blockSize = 26, string nodeName = "node1", PluginNode? shareDatastoreWith = null)
    {
        var prefix = "calico-test-cni-" + UniqueNames.Lab()[2..];
        var directory = shareDatastoreWith?.Directory ?? System.IO.Directory.CreateTempSubdirectory(prefix).FullName;
        var node = new PluginNode(prefix, directory, nodeName);
        await node.AddNamespaceAsync(node.NodeNamespace);
        await Ip("-n", node.NodeNamespace, "link", "add", "gw0", "type", "veth", "peer", "name", "gw1");
        await Ip("-n", node.NodeNamespace, "addr", "add", "198.19.0.2/24", "dev", "gw0");
        await Ip("-n", node.NodeNamespace, "link", "set", "gw0", "up");
        await Ip("-n", node.NodeNamespace, "link", "set", "gw1", "up");
        await Ip("-n", node.NodeNamespace, "route", "add", "default", "via", "198.19.0.1");
        if (shareDatastoreWith is null)
        {
            await node.CtlOkAsync($"apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {{name: test-pool}}\nspec: {{cidr: {pool}, blockSize: {blockSize}}}\n", "apply", "-f", "-");
        }

        await node.CtlOkAsync($"apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {{name: {nodeName}}}\nspec: {{}}\n", "apply", "-f", "-");
        return node;
    }

    public async Task<string> AddPodNamespaceAsync(string name)
    {
        var full = $"{Prefix}-{name}";
        await AddNamespaceAsync(full);
        return $"/var/run/netns/{full}";
    }

    /// <param name="cniVersion">The spec version the "runtime" speaks.</param>
    /// <param name="extra">More JSON members (with a leading comma), e.g. prevResult.</param>
    /// <param name="timeoutSeconds">datastore_timeout_seconds; the plugin's default (10 s) unless a test wants a quick failure.</param>
    public string Config(string cniVersion = "1.0.0", string? extra = null, int timeoutSeconds = 10) =>
        $$"""{"cniVersion":"{{cniVersion}}","name":"k8s-pod-network","type":"calico","sqlite_path":"{{DatastorePath}}","nodename":"{{Node}}","mtu":1450,"datastore_timeout_seconds":{{timeoutSeconds}},"ipam":{"type":"calico-ipam"}{{extra}}}""";

    /// <summary>Runs bin/calico (or calico-ipam) inside the node namespace.</summary>
    public Task<PluginResult> RunAsync(string command, string containerId, string netns, string config, string? pod = null, string plugin = "calico", string ifName = "eth0") =>
        RunRawAsync(new Dictionary<string, string>
        {
            ["CNI_COMMAND"] = command,
            ["CNI_CONTAINERID"] = containerId,
            ["CNI_NETNS"] = netns,
            ["CNI_IFNAME"] = ifName,
            ["CNI_PATH"] = RepositoryPaths.Binaries,
            ["CNI_ARGS"] = pod is null ? "IgnoreUnknown=1" : $"IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME={pod}",
        }, config, plugin);

    public async Task<PluginResult> RunRawAsync(IReadOnlyDictionary<string, string> environment, string stdin, string plugin = "calico", TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("ip", ["netns", "exec", NodeNamespace, Path.Combine(RepositoryPaths.Binaries, plugin)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        return new PluginResult(process.ExitCode, await stdout, await stderr, Stopwatch.GetElapsedTime(started));
    }

    public async Task<(int Exit, string Stdout, string Stderr)> CtlAsync(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var variables = new Dictionary<string, string?> { ["DATASTORE_TYPE"] = "sqlite", ["SQLITE_PATH"] = DatastorePath };
        var exit = await CalicoCtl.RunAsync(args, new CtlEnvironment(new StringReader(stdin), output, error, variables), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    public async Task<string> CtlOkAsync(string stdin, params string[] args)
    {
        var (exit, stdout, stderr) = await CtlAsync(stdin, args);
        Assert.True(exit == 0, $"calicoctl {string.Join(' ', args)} failed: {stderr}");
        return stdout;
    }

    public async Task<string> IpInNodeAsync(params string[] args) => await Ip(["-n", NodeNamespace, .. args]);

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in _namespaces)
        {
            await RunProcess("ip", "netns", "del", ns);
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

    private static async Task<string> Ip(params string[] args)
    {
        var (exit, output, error) = await RunProcess("ip", args);
        Assert.True(exit == 0, $"ip {string.Join(' ', args)}: {error}");
        return output;
    }

    private static async Task<(int, string, string)> RunProcess(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output, error);
    }
}

public sealed record PluginResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new Xunit.Sdk.XunitException($"no JSON on stdout; stderr: {Stderr}");

    public PluginResult ShouldSucceed()
    {
        Assert.True(ExitCode == 0, $"plugin failed ({ExitCode}): {Stdout} {Stderr}");
        return this;
    }

    public string FirstAddress => ((string)Json["ips"]![0]!["address"]!).Split('/')[0];
}
