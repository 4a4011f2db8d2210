using System.Diagnostics;
using System.Globalization;
using Calico.Lab.Nodes;
using Calico.Lab.State;

namespace Calico.Lab.Runtime;

/// <summary>
/// Runs calico-node inside each node's namespace (detached, logs in logs/&lt;node&gt;.log, PID in logs/&lt;node&gt;.pid),
/// stops it by its own PID (after checking the PID still belongs to calico-node), and asks its health endpoint from
/// inside the node's namespace.
/// </summary>
/// <remarks>
/// Its environment comes from <see cref="NodeEnvironment"/>: <c>FELIX_*</c> variables in the lab's environment are
/// passed to every calico-node it starts (e.g. FELIX_NFTABLESREFRESHINTERVAL or FELIX_LOGSEVERITYSCREEN), so a test or
/// a user can tune Felix per lab.
/// </remarks>
internal sealed class NodeDaemons(LabDirectory directory, LabState state, string binaryDirectory, IReadOnlyDictionary<string, string?>? variables = null)
{
    public string LogFile(string node) => Path.Combine(directory.LogsDirectory, $"{node}.log");

    private string PidFile(string node) => Path.Combine(directory.LogsDirectory, $"{node}.pid");

    /// <summary>Starts the node's calico-node; returns its PID (also written to logs/&lt;node&gt;.pid).</summary>
    public async Task<string> StartAsync(LabNode node)
    {
        var binary = Path.Combine(binaryDirectory, "calico-node");
        if (!File.Exists(binary))
        {
            throw new LabException($"{binary} is missing (run ./build.sh)");
        }

        Directory.CreateDirectory(directory.LogsDirectory);
        string[] parts =
        [
            "exec setsid ip netns exec", node.Namespace, "env", .. new NodeEnvironment(directory, state, variables).For(node), binary,
            $">>{LogFile(node.Name)} 2>&1 </dev/null & echo $!",
        ];
        var script = string.Join(' ', parts);
        var pid = (await ProcessRunner.RunCheckedAsync("sh", "-c", script).ConfigureAwait(false)).Trim();
        await File.WriteAllTextAsync(PidFile(node.Name), pid).ConfigureAwait(false);
        return pid;
    }

    public async Task StopAsync(string node)
    {
        if (ReadPid(node) is not { } pid)
        {
            return;
        }

        if (IsCalicoNode(pid))
        {
            await ProcessTermination.KillAsync(pid).ConfigureAwait(false);
        }

        File.Delete(PidFile(node));
    }

    public bool IsRunning(string node) => ReadPid(node) is { } pid && IsCalicoNode(pid);

    /// <summary>The PID of the node's running calico-node, or null when it is not running.</summary>
    public int? RunningPid(string node) => ReadPid(node) is { } pid && IsCalicoNode(pid) ? pid : null;

    private int? ReadPid(string node) =>
        File.Exists(PidFile(node)) && int.TryParse(File.ReadAllText(PidFile(node)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    /// <summary>GET http://127.0.0.1:9099/PATH from inside the node's namespace; null when nothing answers.</summary>
    public Task<(int Status, string Body)?> HealthAsync(LabNode node, string path, CancellationToken ct) =>
        NamespaceHttp.GetAsync(node.Namespace, new Uri($"http://127.0.0.1:9099/{path}"), TimeSpan.FromSeconds(2), ct);

    /// <summary>How long <see cref="WaitUntilReadyAsync"/> waits for a calico-node to program its first full sync.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Waits until the node's calico-node answers /readiness with 200: its first full sync is programmed, so every
    /// cali* interface on the node is governed by policy (before that, a node whose table was never written has no
    /// rules at all). Throws with the tail of its log when it exits or does not get ready in <see cref="ReadyTimeout"/>.
    /// </summary>
    public async Task WaitUntilReadyAsync(LabNode node, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyTimeout)
        {
            if (ReadPid(node.Name) is not { } pid || !ProcessPresence.IsAlive(pid))
            {
                throw new LabException($"calico-node on {node.Name} exited before it was ready; the end of {LogFile(node.Name)}:{Environment.NewLine}{LogTail(node.Name)}");
            }

            if (await HealthAsync(node, "readiness", ct).ConfigureAwait(false) is { Status: 200 })
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false);
        }

        throw new LabException($"calico-node on {node.Name} was not ready after {ReadyTimeout.TotalSeconds:F0} s; the end of {LogFile(node.Name)}:{Environment.NewLine}{LogTail(node.Name)}");
    }

    private string LogTail(string node) => ProcessPresence.LogTail(LogFile(node));

    private static bool IsCalicoNode(int pid) => ProcessPresence.CommandLine(pid)?.Contains("calico-node", StringComparison.Ordinal) == true;
}
