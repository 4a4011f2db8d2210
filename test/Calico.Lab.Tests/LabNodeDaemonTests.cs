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
    public async Task Logs_UnknownNode_SaysWhichNodesExist()
    {
        await using var lab = new LabHarness();
        await lab.LabOkAsync("up");

        var (exit, _, error) = await lab.LabAsync("logs", "node9");

        Assert.NotEqual(0, exit);
        Assert.Contains("the lab has node1", error, StringComparison.Ordinal);
    }
}
