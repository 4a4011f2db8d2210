using Calico.Lab.State;
using Calico.Lab.Testing;
using Calico.Testing;

namespace Calico.Lab.Tests;

/// <summary>
/// Issue 7: <c>calico-lab up --demo</c> prints the reachability matrix before and after the seed's policy, both probed
/// for real; the policy is enforced (the after matrix denies exactly what the seed's policy denies); calicoctl policy
/// trace --verify agrees with the kernel, and says so when it does not; <c>down</c> leaves no namespace, file or process behind.
/// </summary>
public sealed class DemoTests
{
    private const string BeforeTitle = "Reachability before the policy";
    private const string AfterTitle = "Reachability after app/allow-frontend-to-api";

    [PrivilegedFact]
    public async Task UpDemo_PrintsMatrices_PolicyEnforced_TraceVerifyAgrees_DownLeavesNothing()
    {
        var lab = new LabHarness();
        string output;
        (int Exit, string Stdout, string Stderr) denied, allowed, stale;
        try
        {
            output = await lab.LabOkAsync("up", "--demo");

            // policy trace --verify against the same lab: the kernel agrees both ways; then, with calico-node stopped and
            // the policy deleted, the model says allowed while the programmed rules still deny: the kernel disagrees.
            var inLab = new Dictionary<string, string?> { ["CALICO_LAB_NAME"] = lab.Name, ["CALICO_LAB_STATE_DIR"] = lab.StateDirectory };
            denied = await lab.CtlAsync(inLab, "policy", "trace", "--from", "app/other", "--to", "app/web-api", "--port", "8080", "--verify");
            allowed = await lab.CtlAsync(inLab, "policy", "trace", "--from", "app/frontend", "--to", "app/web-api", "--port", "8080", "--verify");
            await lab.LabOkAsync("node", "stop", "node1");
            await lab.CtlOkAsync("delete", "networkpolicy", "allow-frontend-to-api", "-n", "app");
            stale = await lab.CtlAsync(inLab, "policy", "trace", "--from", "app/other", "--to", "app/web-api", "--port", "8080", "--verify");
        }
        finally
        {
            await lab.DisposeAsync();
        }

        Assert.True(denied.Exit == 0 && denied.Stdout.Contains("kernel agrees: denied", StringComparison.Ordinal), $"{denied}");
        Assert.True(allowed.Exit == 0 && allowed.Stdout.Contains("kernel agrees: allowed", StringComparison.Ordinal), $"{allowed}");
        Assert.True(stale.Exit == 1 && stale.Stdout.Contains("kernel DISAGREES: model says allowed, probe was denied", StringComparison.Ordinal), $"{stale}");

        AssertSeedPolicyOutcome(output);
        Assert.DoesNotContain("\e[", output, StringComparison.Ordinal);

        Assert.DoesNotContain(Directory.Exists("/var/run/netns") ? Directory.EnumerateFiles("/var/run/netns").Select(Path.GetFileName).OfType<string>() : [],
            n => LabNamespaceNames.BelongsTo(lab.Name, n));
        Assert.False(Directory.Exists(lab.LabDirectoryPath), $"{lab.LabDirectoryPath} is left behind");
        Assert.False(Directory.Exists(lab.StateDirectory), $"{lab.StateDirectory} is left behind");
        foreach (var process in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)))
        {
            string commandLine;
            try
            {
                commandLine = File.ReadAllText($"/proc/{process}/cmdline").Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }

            Assert.False(commandLine.Contains(lab.StateDirectory, StringComparison.Ordinal), $"process {process} still runs with the lab's paths: {commandLine}");
        }
    }

    /// <summary>The demo on etcd with every calico-node syncing through Typha: the same matrices as without it.</summary>
    [PrivilegedFact]
    public async Task UpDemo_EtcdWithTypha_NodesSyncThroughTypha_SameMatrices()
    {
        await using var lab = new LabHarness();
        var output = await lab.LabOkAsync("up", "--demo", "--datastore", "etcd", "--typha", "--nodes", "2");
        Assert.Contains("typha: ready", output, StringComparison.Ordinal);
        AssertSeedPolicyOutcome(output);
        Assert.Matches(@"typha  198\.18\.0\.2:5473  PID \d+; ready, 2 connections", await lab.LabOkAsync("status"));
        foreach (var node in new[] { "node1", "node2" })
        {
            var log = await lab.LabOkAsync("logs", node);
            Assert.Contains("Felix syncs from Typha", log, StringComparison.Ordinal);
            Assert.Contains("Connected to Typha 198.18.0.2:5473", log, StringComparison.Ordinal);
        }
    }

    /// <summary>Before the seed's policy everything is allowed; after it exactly frontend → web-api:8080 of web-api's ports.</summary>
    private static void AssertSeedPolicyOutcome(string output)
    {
        var before = Matrix(output, BeforeTitle);
        var after = Matrix(output, AfterTitle);
        Assert.All(before.Where(c => !IsSelf(c.Key)), c => Assert.True(c.Value == "allowed", $"before the policy {c.Key} is {c.Value}:\n{output}"));
        foreach (var (cell, value) in after.Where(c => !IsSelf(c.Key)))
        {
            var expected = cell.To switch
            {
                "web-api:8080" => cell.From == "frontend" ? "allowed" : "denied",
                "web-api:9090" => "denied",
                _ => "allowed",
            };
            Assert.True(value == expected, $"after the policy {cell} is {value}, expected {expected}:\n{output}");
        }

        Assert.Contains("other → web-api:8080 now denied by app/allow-frontend-to-api", output, StringComparison.Ordinal);
        Assert.Contains("frontend → web-api:9090 now denied by app/allow-frontend-to-api", output, StringComparison.Ordinal);
    }

    /// <summary>A pod to itself (shown as <c>-</c>: the packet never leaves the pod).</summary>
    private static bool IsSelf((string From, string To) cell) => cell.To.StartsWith(cell.From + ":", StringComparison.Ordinal);

    /// <summary>The cells of the table under <paramref name="title"/>: (row, column) → allowed | denied | -.</summary>
    private static Dictionary<(string From, string To), string> Matrix(string output, string title)
    {
        var lines = output.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith(title, StringComparison.Ordinal));
        Assert.True(start >= 0, $"no \"{title}\" matrix in:\n{output}");
        var columns = lines[start + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Equal(["frontend:8080", "web-api:8080", "other:8080", "web-api:9090"], columns);
        var cells = new Dictionary<(string From, string To), string>();
        foreach (var line in lines.Skip(start + 2).Take(3))
        {
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(tokens.Length == columns.Length + 1, $"row \"{line}\" of \"{title}\" has {tokens.Length - 1} cells");
            for (var i = 0; i < columns.Length; i++)
            {
                cells[(tokens[0], columns[i])] = tokens[i + 1];
            }
        }

        Assert.Equal(["frontend", "web-api", "other"], cells.Keys.Select(k => k.From).Distinct());
        return cells;
    }
}
