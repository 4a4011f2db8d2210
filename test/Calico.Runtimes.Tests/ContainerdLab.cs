using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Calico.Runtimes.Tests;

/// <summary>
/// A private containerd with the CRI plugin, configured as shared/env/containerd-lab.sh does (root, state, sockets, log and
/// PID file under the node dir; sandbox image localhost/pause:local; restrict_oom_score_adj; runc v2 shim with cgroupfs;
/// cni bin_dir = the node's CNI bin, conf_dir = its own dir with the calico-test conflist). The daemon, ctr and every
/// minicri call run inside the node's network namespace: containerd's CRI runs the CNI plugins in its own namespace.
///
/// Started here rather than by `containerd-lab.sh start`, which has two races that failed about one run in ten on this
/// 2-core VM: (1) right after `setsid containerd &` it checks /proc/PID/comm for "containerd" before the exec has
/// happened, reports "containerd exited", deletes the PID file and leaves the daemon running; (2) it checks the pause
/// image with `ctr images ls -q | grep -qx …` under pipefail, and ctr dies of SIGPIPE when grep quits at the first line.
/// Here containerd is a direct child of the test (nsenter and setsid exec, so the PID is containerd's), which also reaps
/// it. Stopped by `containerd-lab.sh stop` (stopp+rmp of every pod, TERM then KILL by the PID file, crash leftovers),
/// then by PID if it still runs.
/// </summary>
public sealed class ContainerdLab
{
    private readonly RuntimeNode _node;
    private readonly Dictionary<string, string> _environment;
    private Process? _daemon;

    private ContainerdLab(RuntimeNode node, string directory, string minicri)
    {
        _node = node;
        Directory = directory;
        Minicri = minicri;
        _environment = new Dictionary<string, string>
        {
            ["MINICRI"] = minicri,
            ["CRI_SOCK"] = Socket,
            ["TMPDIR"] = node.Scratch,
        };
    }

    public string Directory { get; }

    public string Minicri { get; }

    public string Socket => Path.Combine(Directory, "containerd.sock");

    public string LogPath => Path.Combine(Directory, "containerd.log");

    public static async Task<ContainerdLab> StartAsync(RuntimeNode node, string minicri)
    {
        var started = Stopwatch.GetTimestamp();
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(node.Directory, "containerd")).FullName;
        var confDir = node.WriteConfDir("containerd-conf");
        var lab = new ContainerdLab(node, directory, minicri);
        node.OnDispose(lab.StopAsync);
        Assert.True(lab.Socket.Length < 100, $"socket path too long: {lab.Socket}");
        foreach (var sub in new[] { "root", "state", "opt" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(directory, sub));
        }

        var pauseTar = Path.Combine(directory, "pause.tar");
        (await Processes.RunAsync(Path.Combine(RuntimeTools.SharedEnv, "make-pause-image.sh"), [pauseTar, "localhost/pause:local"], lab._environment)).ShouldSucceed();
        var runc = (await Processes.RunOkAsync("sh", "-c", "command -v runc")).Stdout.Trim();
        var config = Path.Combine(directory, "config.toml");
        await File.WriteAllTextAsync(config, $$"""
            version = 2
            root = "{{directory}}/root"
            state = "{{directory}}/state"
            [grpc]
              address = "{{lab.Socket}}"
            [ttrpc]
              address = "{{lab.Socket}}.ttrpc"
            [debug]
              level = "info"
            [plugins]
              [plugins."io.containerd.internal.v1.opt"]
                path = "{{directory}}/opt"
              [plugins."io.containerd.grpc.v1.cri"]
                sandbox_image = "localhost/pause:local"
                restrict_oom_score_adj = true
                disable_apparmor = true
                stream_server_address = "127.0.0.1"
                stream_server_port = "0"
                [plugins."io.containerd.grpc.v1.cri".cni]
                  bin_dir = "{{node.CniBin}}"
                  conf_dir = "{{confDir}}"
                  max_conf_num = 1
                [plugins."io.containerd.grpc.v1.cri".containerd]
                  snapshotter = "overlayfs"
                  default_runtime_name = "runc"
                  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                    runtime_type = "io.containerd.runc.v2"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                      SystemdCgroup = false
                      BinaryName = "{{runc}}"
                      Root = "{{directory}}/state/runc"
            """);
        await File.WriteAllTextAsync(Path.Combine(directory, "minicri.path"), minicri);

        var info = new ProcessStartInfo("nsenter",
            [$"--net={node.NodeNetnsPath}", "--", "sh", "-c", "exec setsid containerd --config \"$0\" </dev/null >>\"$1\" 2>&1", config, lab.LogPath]);
        info.Environment["PATH"] = Processes.SystemPath;
        lab._daemon = Process.Start(info) ?? throw new InvalidOperationException("cannot start containerd");
        await File.WriteAllTextAsync(Path.Combine(directory, "containerd.pid"), lab._daemon.Id.ToString(CultureInfo.InvariantCulture));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (lab._daemon.HasExited)
            {
                Assert.Fail($"containerd exited ({lab._daemon.ExitCode}):\n{lab.ReadLog()}");
            }

            if (File.Exists(lab.Socket) && (await lab._node.InNodeAsync(minicri, ["version"], new Dictionary<string, string> { ["CRI_SOCK"] = lab.Socket, ["CRI_TIMEOUT"] = "2" })).ExitCode == 0)
            {
                break;
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"containerd did not answer on {lab.Socket} within 60 s:\n{lab.ReadLog()}");
            }

            await Task.Delay(100);
        }

        (await node.InNodeAsync("ctr", ["--address", lab.Socket, "-n", "k8s.io", "images", "import", pauseTar])).ShouldSucceed();
        var images = (await node.InNodeAsync("ctr", ["--address", lab.Socket, "-n", "k8s.io", "images", "ls", "-q"])).ShouldSucceed();
        Assert.Contains("localhost/pause:local", images.Stdout.Split('\n'));
        node.Log($"containerd (PID {lab._daemon.Id}) ready: {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
        return lab;
    }

    public Task<ProcessResult> CriAsync(params string[] args) => _node.InNodeAsync(Minicri, args, _environment);

    public async Task<ProcessResult> CriOkAsync(params string[] args) => (await CriAsync(args)).ShouldSucceed();

    /// <summary>RunPodSandbox through CRI; returns the sandbox ID.</summary>
    public async Task<(string Id, ProcessResult Run)> RunPodAsync(string k8sNamespace, string name)
    {
        var config = Path.Combine(Directory, $"pod-{k8sNamespace}-{name}.json");
        var logs = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "pod-logs", name)).FullName;
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = k8sNamespace, ["uid"] = $"{_node.Prefix}-{name}-uid", ["attempt"] = 0 },
            ["hostname"] = name,
            ["log_directory"] = logs,
            ["linux"] = new JsonObject(),
        };
        await File.WriteAllTextAsync(config, pod.ToJsonString());
        var run = await CriOkAsync("runp", config);
        return ((string)JsonNode.Parse(run.Stdout)!["pod_sandbox_id"]!, run);
    }

    /// <summary>The sandbox as CRI reports it: pod IP, state, and from the verbose info the pause PID and the netns path.</summary>
    public async Task<CriSandbox> InspectAsync(string id)
    {
        var inspect = await CriOkAsync("inspectp", id, "verbose");
        var root = JsonNode.Parse(inspect.Stdout)!;
        var status = root["status"]!;
        var info = JsonNode.Parse((string)root["info"]!["info"]!)!;
        var netns = info["runtimeSpec"]!["linux"]!["namespaces"]!.AsArray()
            .Where(n => (string?)n!["type"] == "network").Select(n => (string?)n!["path"]).FirstOrDefault();
        return new CriSandbox(
            id,
            (string?)status["network"]?["ip"],
            (int?)status["state"] ?? 0,
            (int?)info["pid"] ?? 0,
            netns ?? string.Empty);
    }

    public string ReadLog() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    /// <summary>The plugin's own one-line reports in containerd's log (log_level debug), for one sandbox.</summary>
    public async Task<IReadOnlyList<string>> PluginReportsAsync(string sandboxId)
    {
        var log = await File.ReadAllTextAsync(LogPath);
        return log.Split('\n').Where(l => l.StartsWith("calico ", StringComparison.Ordinal) && l.Contains($" {sandboxId}:", StringComparison.Ordinal)).ToList();
    }

    /// <summary>containerd-lab.sh stop: stopp+rmp of every pod (CNI DEL), TERM (then KILL) by the PID file, leftovers of a crash.</summary>
    private async Task StopAsync()
    {
        var stop = await _node.InNodeAsync(Path.Combine(RuntimeTools.SharedEnv, "containerd-lab.sh"), ["stop", Directory], _environment, TimeSpan.FromSeconds(90));
        _node.Log($"containerd-lab stop: exit {stop.ExitCode} in {stop.Elapsed.TotalMilliseconds:F0} ms {stop.Stderr.Trim()}");
        if (_daemon is not null)
        {
            if (!_daemon.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _node.Log($"containerd (PID {_daemon.Id}) still runs after containerd-lab.sh stop: killing it");
                Processes.Kill(_daemon);
            }

            _daemon.Dispose();
        }
    }
}

/// <summary>A CRI pod sandbox. State 0 is SANDBOX_READY (minicri omits zero values), 1 NOTREADY.</summary>
public sealed record CriSandbox(string Id, string? Ip, int State, int Pid, string NetnsPath);
