using System.Diagnostics;
using System.Globalization;
using Calico.Lab.ControlPlane;
using Calico.Lab.State;
using Calico.Netlink;

namespace Calico.Lab.Runtime;

/// <summary>
/// The lab's calico-typha in the control-plane namespace: listening on the control plane's underlay address (every
/// node reaches it there, as FELIX_TYPHAADDR), health on that namespace's 127.0.0.1:9098, metrics on :9093. Started
/// detached with exactly the environment recorded in lab.json (<see cref="LabTypha.Environment"/>), its PID recorded
/// there, its log in logs/typha.log; stopped by that PID after checking it is calico-typha in this lab's control plane.
/// </summary>
internal sealed class TyphaProcess(LabDirectory directory, LabState state)
{
    public const int Port = 5473;
    public const int HealthPort = 9098;
    public const int MetricsPort = 9093;

    /// <summary>The name <c>calico-lab logs</c> and <c>status</c> use for it.</summary>
    public const string Name = "typha";

    /// <summary>How long <see cref="StartAsync"/> waits for /readiness (its caches in sync with the datastore).</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private LabControlPlane ControlPlane => state.ControlPlane ?? throw new LabException($"lab {state.Name} has no control plane");

    private LabTypha Typha => ControlPlane.Typha ?? throw new LabException($"lab {state.Name} runs no Typha (it was made without up --typha)");

    /// <summary>
    /// Typha's record for a new lab: its datastore as calico-node's (the SQLite file, or the etcd members' underlay URLs:
    /// Typha runs in the control-plane namespace), and the caller's TYPHA_* settings, checked like calico-node's FELIX_*.
    /// </summary>
    public static LabTypha Plan(LabDirectory directory, LabState state, IReadOnlyDictionary<string, string?>? variables)
    {
        var address = ControlPlaneNetwork.Address;
        List<string> environment =
        [
            .. LabDatastoreAccess.UnderlayVariables(state),
            $"TYPHA_LISTENADDRESS={address}", $"TYPHA_SERVERPORT={Port}",
            "TYPHA_HEALTHENABLED=true", "TYPHA_HEALTHHOST=127.0.0.1", $"TYPHA_HEALTHPORT={HealthPort}",
            "TYPHA_PROMETHEUSMETRICSENABLED=true", $"TYPHA_PROMETHEUSMETRICSPORT={MetricsPort}",
        ];
        foreach (var (name, value) in (variables ?? new Dictionary<string, string?>()).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (name.StartsWith("TYPHA_", StringComparison.Ordinal) && value is not null)
            {
                // The caller's setting wins over the lab's default of the same name.
                environment.RemoveAll(e => e.StartsWith(name + "=", StringComparison.Ordinal));
                environment.Add(NodeEnvironment.ShellSafeAssignment(name, value));
            }
        }

        return new LabTypha
        {
            ListenAddress = address,
            Port = Port,
            HealthPort = HealthPort,
            MetricsPort = MetricsPort,
            LogFile = Path.Combine(directory.LogsDirectory, "typha.log"),
            Environment = environment,
        };
    }

    /// <summary>The binary that <c>./build.sh</c> publishes beside calico-node.</summary>
    public static string Binary(string binaryDirectory) => Path.Combine(binaryDirectory, "calico-typha");

    /// <summary>Starts it (PID recorded in lab.json at once) and waits until it answers /readiness; returns the PID.</summary>
    public async Task<int> StartAsync(string binaryDirectory, CancellationToken ct)
    {
        var binary = Binary(binaryDirectory);
        if (!File.Exists(binary))
        {
            throw new LabException($"{binary} is missing (run ./build.sh)");
        }

        if (RunningPid() is { } running)
        {
            throw new LabException($"calico-typha is already running (PID {running}); calico-lab typha stop first");
        }

        Directory.CreateDirectory(directory.LogsDirectory);

        // A clean environment (env -i) but for the recorded one: nothing of the caller's (DATASTORE_TYPE, TYPHA_*) can
        // change a restarted Typha. The .NET host needs PATH, and DOTNET_ROOT when the runtime is not in its default place.
        var dotnetRoot = Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root ? [$"DOTNET_ROOT={root}"] : Array.Empty<string>();
        string[] command =
        [
            "setsid", "ip", "netns", "exec", ControlPlane.Namespace, "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root",
            .. dotnetRoot, .. Typha.Environment, binary,
        ];
        var script = $"exec {string.Join(' ', command.Select(ShellWords.Quote))} >>{ShellWords.Quote(Typha.LogFile)} 2>&1 </dev/null & echo $!";
        var pid = int.Parse((await ProcessRunner.RunCheckedAsync("sh", "-c", script).ConfigureAwait(false)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        Typha.Pid = pid;
        directory.Save(state);
        await WaitUntilReadyAsync(pid, ct).ConfigureAwait(false);
        return pid;
    }

    /// <summary>Kills it (SIGKILL, as a crash would: its clients see their connections reset) by its recorded PID.</summary>
    /// <returns>The PID killed, or null when it was not running (or the lab has no Typha: down calls this for every lab).</returns>
    public async Task<int?> StopAsync()
    {
        if (state.ControlPlane?.Typha is not { } typha)
        {
            return null;
        }

        var killed = RunningPid();
        if (killed is { } pid)
        {
            await ProcessTermination.KillAsync(pid).ConfigureAwait(false);
        }

        typha.Pid = null;
        directory.Save(state);
        return killed;
    }

    /// <summary>The recorded PID when it is still calico-typha inside this lab's control-plane namespace, else null.</summary>
    public int? RunningPid()
    {
        if (state.ControlPlane?.Typha?.Pid is not { } pid)
        {
            return null;
        }

        try
        {
            if (ProcessPresence.CommandLine(pid)?.Contains("calico-typha", StringComparison.Ordinal) != true)
            {
                return null;
            }

            using var process = NetworkNamespace.OpenForProcess(pid);
            using var controlPlane = NetworkNamespace.OpenNamed(ControlPlane.Namespace);
            return process.IsSameAs(controlPlane) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NetlinkException)
        {
            return null;
        }
    }

    private async Task WaitUntilReadyAsync(int pid, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        (int Status, string Body)? last = null;
        while (clock.Elapsed < ReadyTimeout)
        {
            if (!ProcessPresence.IsAlive(pid))
            {
                throw new LabException($"calico-typha exited before it was ready; the end of {Typha.LogFile}:{Environment.NewLine}{LogTail()}");
            }

            last = await TyphaHealth.ReadinessAsync(ControlPlane, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            if (last is { Status: 200 })
            {
                return;
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }

        throw new LabException($"calico-typha was not ready after {ReadyTimeout.TotalSeconds:F0} s ({(last is { } r ? $"readiness {r.Status}: {r.Body.Trim()}" : "no answer on /readiness")}); the end of {Typha.LogFile}:{Environment.NewLine}{LogTail()}");
    }

    private string LogTail() => ProcessPresence.LogTail(Typha.LogFile);
}
