namespace Calico.Runtimes.Tests;

/// <summary>
/// A private podman (shared/env/podman-lab.sh: CNI backend, cni_plugin_dirs = the node's CNI bin, network_config_dir =
/// its own conf dir with the calico-test conflist, storage under the node dir, image localhost/bb:local = static
/// busybox) whose every command runs inside the node's network namespace. Podman runs the CNI plugins in its own
/// network namespace, so the host side of each container's veth lands in the node.
/// </summary>
public sealed class PodmanLab
{
    public const string Image = "localhost/bb:local";

    private readonly RuntimeNode _node;
    private readonly Dictionary<string, string> _environment;
    private readonly List<string> _containerIds = [];

    private PodmanLab(RuntimeNode node, string directory)
    {
        _node = node;
        Directory = directory;
        _environment = new Dictionary<string, string>
        {
            ["CONTAINERS_CONF"] = Path.Combine(directory, "containers.conf"),
            ["CONTAINERS_STORAGE_CONF"] = Path.Combine(directory, "storage.conf"),
            ["TMPDIR"] = node.Scratch,
        };
    }

    public string Directory { get; }

    public static async Task<PodmanLab> SetUpAsync(RuntimeNode node)
    {
        var directory = Path.Combine(node.Directory, "podman");
        var confDir = node.WriteConfDir("podman-conf");
        var lab = new PodmanLab(node, directory);
        node.OnDispose(lab.CleanAsync);
        var setup = await node.InNodeAsync(Path.Combine(RuntimeTools.SharedEnv, "podman-lab.sh"), ["setup", directory, node.CniBin, confDir], lab._environment);
        setup.ShouldSucceed();
        node.Log($"podman-lab setup: {setup.Elapsed.TotalMilliseconds:F0} ms");
        return lab;
    }

    public Task<ProcessResult> PodmanAsync(params string[] args) => _node.InNodeAsync("podman", args, _environment);

    public async Task<ProcessResult> PodmanOkAsync(params string[] args) => (await PodmanAsync(args)).ShouldSucceed();

    /// <summary>`podman run -d` on the calico-test network; returns the 64-hex container ID.</summary>
    public async Task<(string Id, ProcessResult Run)> RunDetachedAsync(string name, params string[] command)
    {
        var run = await PodmanOkAsync(["run", "-d", "--name", name, "--pull=never", "--network", RuntimeNode.NetworkName, Image, .. command]);
        var id = run.Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        _containerIds.Add(id);
        return (id, run);
    }

    /// <summary>
    /// podman-lab.sh clean: `podman rm -af -t 0` (CNI DEL for each container), then unmount everything under the dir; then
    /// libcni's cached results of our containers, in case a DEL failed.
    /// </summary>
    private async Task CleanAsync()
    {
        var clean = await _node.InNodeAsync(Path.Combine(RuntimeTools.SharedEnv, "podman-lab.sh"), ["clean", Directory], _environment);
        _node.Log($"podman-lab clean: exit {clean.ExitCode} {clean.Stderr.Trim()}");
        RuntimeNode.RemoveCniCacheEntries(_containerIds);
    }
}
