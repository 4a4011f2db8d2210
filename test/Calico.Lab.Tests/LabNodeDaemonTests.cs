using Calico.Lab.Testing;
using Calico.Testing;

namespace Calico.Lab.Tests;

/// <summary>Every lab node runs calico-node in its namespace: ready, logging, and stopped by `down`.</summary>
public sealed class LabNodeDaemonTests
{
    [PrivilegedFact]
    public async Task Up_StartsReadyCalicoNodePerNode_DownStopsThem()
    {
        var lab = new LabHarness();
        try
        {
            await lab.LabOkAsync("up", "--nodes", "2");
            var status = string.Empty;
            for (var i = 0; i < 50 && !(status.Contains("node1", StringComparison.Ordinal) && status.Split("calico-node ready").Length == 3); i++)
            {
                await Task.Delay(200);
                status = await lab.LabOkAsync("status");
            }

            Assert.Equal(3, status.Split("calico-node ready").Length);
            Assert.Contains("In sync with the datastore", await lab.LabOkAsync("logs", "node1"), StringComparison.Ordinal);
            var pids = Directory.GetFiles(Path.Combine(lab.StateDirectory, lab.Name, "logs"), "*.pid").Select(f => int.Parse(File.ReadAllText(f).Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(2, pids.Count);

            await lab.DisposeAsync();

            Assert.All(pids, pid => Assert.False(File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("calico-node", StringComparison.Ordinal), $"calico-node {pid} still running"));
        }
        finally
        {
            await lab.DisposeAsync();
        }
    }

    [PrivilegedFact]
    public async Task NodeStopThenStart_KillsByPidThenRunsANewReadyDaemon()
    {
        await using var lab = new LabHarness();
        await lab.LabOkAsync("up");
        await WaitReadyAsync(lab);
        var pidFile = Path.Combine(lab.LabDirectoryPath, "logs", "node1.pid");
        var first = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        var stopped = await lab.LabOkAsync("node", "stop", "node1");

        Assert.Contains($"calico-node on node1 stopped (PID {first} killed)", stopped, StringComparison.Ordinal);
        Assert.False(IsCalicoNode(first), $"calico-node {first} still running after node stop");
        Assert.Contains("calico-node NOT RUNNING", await lab.LabOkAsync("status"), StringComparison.Ordinal);
        Assert.Contains("was not running", await lab.LabOkAsync("node", "stop", "node1"), StringComparison.Ordinal);

        var started = await lab.LabOkAsync("node", "start", "node1");
        var second = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Contains($"calico-node on node1 started (PID {second}", started, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        await WaitReadyAsync(lab);
        var (again, _, error) = await lab.LabAsync("node", "start", "node1");
        Assert.NotEqual(0, again);
        Assert.Contains($"already running (PID {second})", error, StringComparison.Ordinal);
        var (unknown, _, unknownError) = await lab.LabAsync("node", "stop", "node9");
        Assert.NotEqual(0, unknown);
        Assert.Contains("the lab has node1", unknownError, StringComparison.Ordinal);
    }

    [PrivilegedFact]
    public async Task Logs_UnknownNode_SaysWhichNodesExist()
    {
        await using var lab = new LabHarness();
        await lab.LabOkAsync("up");

        var (exit, _, error) = await lab.LabAsync("logs", "node9");

        Assert.NotEqual(0, exit);
        Assert.Contains("the lab has node1", error, StringComparison.Ordinal);
    }

    private static async Task WaitReadyAsync(LabHarness lab)
    {
        var status = string.Empty;
        for (var i = 0; i < 100 && !status.Contains("calico-node ready", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200);
            status = await lab.LabOkAsync("status");
        }

        Assert.Contains("calico-node ready", status, StringComparison.Ordinal);
    }

    private static bool IsCalicoNode(int pid) =>
        File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("calico-node", StringComparison.Ordinal);
}
