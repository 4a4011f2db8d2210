using System.Diagnostics;
using System.Globalization;
using Calico.Lab.ControlPlane;
using Calico.Lab.State;

namespace Calico.Lab.Runtime;

/// <summary>
/// The lab's 3-member etcd cluster (Debian's etcd-server), all in the control-plane namespace on its underlay address:
/// member i listens for clients on 2377+2i and for peers on 2378+2i, and also on the unix socket etcd.sock:0 in its
/// working directory (etcd/&lt;member&gt;/, beside data/), which calico-lab and calicoctl use from the machine. Each is
/// started detached (PID recorded in lab.json, log in logs/&lt;member&gt;.log) and stopped by that PID after checking
/// it is still that member.
/// </summary>
internal sealed class EtcdMembers(LabDirectory directory, LabState state, TextWriter progress)
{
    public const int Count = 3;

    private const string SocketName = "etcd.sock:0";

    private static readonly TimeSpan HealthyDeadline = TimeSpan.FromSeconds(60);

    /// <summary>The members of a new lab (not started).</summary>
    public static List<LabEtcdMember> Plan(LabDirectory directory, string address)
    {
        var members = new List<LabEtcdMember>();
        for (var i = 1; i <= Count; i++)
        {
            var name = $"etcd{i}";
            var workingDirectory = Path.Combine(directory.EtcdDirectory, name);
            members.Add(new LabEtcdMember
            {
                Name = name,
                ClientUrl = $"http://{address}:{(2377 + (2 * i)).ToString(CultureInfo.InvariantCulture)}",
                PeerUrl = $"http://{address}:{(2378 + (2 * i)).ToString(CultureInfo.InvariantCulture)}",
                Directory = workingDirectory,
                SocketPath = Path.Combine(workingDirectory, SocketName),
                LogFile = Path.Combine(directory.LogsDirectory, $"{name}.log"),
            });
        }

        // A unix socket's path is at most 107 bytes: say so before anything is made.
        var longest = members.Max(m => m.SocketPath.Length);
        if (longest > 107)
        {
            throw new LabException($"the etcd members' unix sockets ({members[0].SocketPath}) would be {longest} bytes long, over the 107 a socket path may have: use a shorter CALICO_LAB_STATE_DIR");
        }

        return members;
    }

    /// <summary>The etcd binary on PATH; a clear error when Debian's etcd-server is not installed.</summary>
    public static string FindBinary()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "etcd");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new LabException("--datastore etcd needs the etcd binary (Debian: apt-get install etcd-server)");
    }

    private LabControlPlane ControlPlane => state.ControlPlane ?? throw new LabException($"lab {state.Name} has no control plane");

    /// <summary>Starts every member (recording each PID in lab.json as it goes) and waits until all three answer healthy.</summary>
    public async Task StartAllAsync(CancellationToken ct)
    {
        var binary = FindBinary();
        var cluster = string.Join(",", ControlPlane.EtcdMembers.Select(m => $"{m.Name}={m.PeerUrl}"));
        Directory.CreateDirectory(directory.LogsDirectory);
        foreach (var member in ControlPlane.EtcdMembers)
        {
            await progress.WriteLineAsync($"starting etcd member {member.Name} in {ControlPlane.Namespace} ({member.ClientUrl}; log: {member.LogFile})").ConfigureAwait(false);
            Directory.CreateDirectory(member.Directory);
            member.Pid = await StartAsync(binary, member, cluster).ConfigureAwait(false);
            directory.Save(state);
        }

        await WaitHealthyAsync(ct).ConfigureAwait(false);
        await progress.WriteLineAsync($"etcd: {Count} members healthy ({LabDatastoreAccess.UnderlayEndpoints(state)})").ConfigureAwait(false);
    }

    private async Task<int> StartAsync(string binary, LabEtcdMember member, string cluster)
    {
        // The member runs with a clean environment (no ETCD_* of the caller's can change its flags), from its own
        // directory: etcd creates the unix socket relative to it (it refuses an absolute unix:// path).
        string[] command =
        [
            "setsid", "ip", "netns", "exec", ControlPlane.Namespace, "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", binary,
            "--name", member.Name, "--data-dir", Path.Combine(member.Directory, "data"),
            "--listen-client-urls", $"{member.ClientUrl},unix://{SocketName}", "--advertise-client-urls", member.ClientUrl,
            "--listen-peer-urls", member.PeerUrl, "--initial-advertise-peer-urls", member.PeerUrl,
            "--initial-cluster", cluster, "--initial-cluster-state", "new", "--initial-cluster-token", $"{state.Name}-etcd",
            "--logger", "zap", "--log-outputs", "stderr",
        ];
        var script = $"cd {ShellWords.Quote(member.Directory)} && exec {string.Join(' ', command.Select(ShellWords.Quote))} >>{ShellWords.Quote(member.LogFile)} 2>&1 </dev/null & echo $!";
        var pid = (await ProcessRunner.RunCheckedAsync("sh", "-c", script).ConfigureAwait(false)).Trim();
        return int.Parse(pid, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private async Task WaitHealthyAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var unhealthy = new List<string>();
            foreach (var member in ControlPlane.EtcdMembers)
            {
                if (member.Pid is not { } pid || !ProcessPresence.IsAlive(pid))
                {
                    var tail = ProcessPresence.LogTail(member.LogFile, lines: 5);
                    throw new LabException($"etcd member {member.Name} exited while starting; the end of {member.LogFile}:\n{tail}");
                }

                if (await EtcdMemberHealth.CheckAsync(member, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false) is not { Healthy: true })
                {
                    unhealthy.Add(member.Name);
                }
            }

            if (unhealthy.Count == 0)
            {
                return;
            }

            if (clock.Elapsed > HealthyDeadline)
            {
                throw new LabException($"etcd members {string.Join(", ", unhealthy)} not healthy within {HealthyDeadline.TotalSeconds:0} s (calico-lab logs {unhealthy[0]})");
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the member's recorded PID is still that member (its command line names its data directory).</summary>
    public static bool IsRunning(LabEtcdMember member) => member.Pid is { } pid && IsMember(pid, member);

    /// <summary>Kills every member by its recorded PID (checked first) and forgets the PIDs.</summary>
    public async Task StopAllAsync()
    {
        foreach (var member in state.ControlPlane?.EtcdMembers ?? [])
        {
            if (member.Pid is { } pid && IsMember(pid, member))
            {
                await ProcessTermination.KillAsync(pid).ConfigureAwait(false);
            }

            member.Pid = null;
        }
    }

    private static bool IsMember(int pid, LabEtcdMember member) =>
        ProcessPresence.CommandLine(pid) is { } commandLine
        && commandLine.Contains("etcd", StringComparison.Ordinal)
        && commandLine.Contains(Path.Combine(member.Directory, "data"), StringComparison.Ordinal);
}
