using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Calico.Ctl;
using Calico.Lab.State;
using Calico.Lab.Testing;
using Calico.Lab.Tests.MultiNode;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Lab.Tests.Etcd;

/// <summary>
/// calico-lab up --datastore etcd: three etcd members in the control-plane namespace, calico-node and the CNI plugin
/// reaching them over the underlay, calicoctl (with calico-lab env's exports) through their unix sockets; the cluster
/// keeps working with a member killed; down and down --all leave no namespace, process or file.
/// </summary>
public sealed class EtcdLabTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [PrivilegedFact]
    public async Task TwoNodes_PodsPolicyThroughTheSocketsAndAKilledMember_ThenDownLeavesNothing()
    {
        await using var lab = new LabHarness();
        var up = await lab.LabOkAsync("up", "--datastore", "etcd", "--nodes", "2", "--mode", "vxlan");
        Assert.Contains("etcd: 3 members healthy", up, StringComparison.Ordinal);
        var state = lab.State;
        Assert.Equal(LabDatastores.Etcd, state.Datastore);
        Assert.Equal(3, state.ControlPlane!.EtcdMembers.Count);
        Assert.Equal(3, Regex.Count(await lab.LabOkAsync("status"), @"etcd etcd\d .*; healthy"));
        Assert.Contains("\"etcd_endpoints\": \"http://198.18.0.2:2379,http://198.18.0.2:2381,http://198.18.0.2:2383\"",
            await File.ReadAllTextAsync(state.Nodes[0].CniConfigPath), StringComparison.Ordinal);

        // calicoctl with exactly what calico-lab env exports: the members' unix sockets (the machine has no link to the lab).
        var exports = Exports(await lab.LabOkAsync("env"));
        Assert.Equal("etcdv3", exports["DATASTORE_TYPE"]);
        Assert.All(exports["ETCD_ENDPOINTS"]!.Split(','), e => Assert.StartsWith($"unix://{lab.LabDirectoryPath}/etcd/", e, StringComparison.Ordinal));

        await using var mesh = new PodMesh(lab);
        var p1 = await mesh.AddAsync("app/p1", "node1");
        var p2 = await mesh.AddAsync("app/p2", "node2", "app=mesh,role=server");
        var took = await mesh.WaitUntilAllReachAsync(mesh.CrossNodePairs(), Deadline, "after up");
        output.WriteLine($"p1 and p2 reach each other (ping and TCP) {took.TotalSeconds:F1} s after they were added");

        // Only TCP 8080 from p1 into p2: ping p1 -> p2 is denied, TCP still allowed.
        var policy = Path.Combine(lab.StateDirectory, "policy.yaml");
        await File.WriteAllTextAsync(policy, PodMesh.TcpOnlyFromPolicy(p1.Address));
        var (applied, applyOut, applyErr) = await CtlWithAsync(exports, "apply", "-f", policy);
        Assert.True(applied == 0, $"calicoctl apply through the unix sockets failed: {applyErr}{applyOut}");
        Assert.Contains("p2-tcp-from-p1", (await CtlWithAsync(exports, "get", "networkpolicy", "-n", "app")).Stdout, StringComparison.Ordinal);
        await WaitForAsync(async () => (await lab.ExecAsync(p1.Name, "ping", "-c", "1", "-W", "1", p2.Address)).Exit != 0, "ping p1 -> p2 to be denied");
        Assert.Equal(0, (await lab.ExecAsync(p1.Name, "nc", "-z", "-w", "2", p2.Address, "8080")).Exit);

        // calicoctl doctor reads the lab (CALICO_LAB_*) and the datastore through the sockets.
        var (doctorExit, doctorOut, doctorErr) = (-1, string.Empty, string.Empty);
        await WaitForAsync(async () =>
        {
            (doctorExit, doctorOut, doctorErr) = await CtlWithAsync(exports, "doctor");
            return doctorExit == 0 && doctorOut.Length == 0;
        }, "calicoctl doctor to find nothing wrong", () => $"doctor said ({doctorExit}): {doctorErr}{doctorOut}");

        // One member killed (the first every client tries): a new pod still gets an address and connectivity.
        var killed = state.ControlPlane.EtcdMembers[0];
        using (var process = Process.GetProcessById(killed.Pid!.Value))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        Assert.Contains($"etcd {killed.Name}  {killed.ClientUrl}  PID {killed.Pid}; NOT RUNNING", await lab.LabOkAsync("status"), StringComparison.Ordinal);
        var p3 = await mesh.AddAsync("app/p3", "node1");
        await mesh.WaitUntilAllReachAsync([(p3, p1), (p1, p3)], Deadline, "p3, added with etcd1 dead, and p1 on the same node");
        await WaitForAsync(async () => (await lab.ExecAsync(p2.Name, "ping", "-c", "1", "-W", "1", p3.Address)).Exit == 0, "p2 (node2) to reach p3 (node1) with etcd1 dead");
        Assert.NotEqual(0, (await lab.ExecAsync(p3.Name, "nc", "-z", "-w", "2", p2.Address, "8080")).Exit);

        var pids = RecordedPids(lab).Where(p => p != killed.Pid).ToList();
        Assert.Equal(4, pids.Count);
        AssertRunning(pids);
        await lab.LabOkAsync("down");
        AssertNothingLeft(lab, pids);
    }

    [PrivilegedFact]
    public async Task DownAll_AfterARunThatRecordedOnlySomePids_KillsEveryMemberAndRemovesEverything()
    {
        await using var lab = new LabHarness();
        await lab.LabOkAsync("up", "--datastore", "etcd", "--nodes", "1");
        var pids = RecordedPids(lab);
        Assert.Equal(4, pids.Count);
        AssertRunning(pids);

        // As if calico-lab had died before recording etcd2's and etcd3's PIDs and calico-node's PID file.
        var stateFile = Path.Combine(lab.LabDirectoryPath, "lab.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(stateFile))!;
        foreach (var member in json["controlPlane"]!["etcdMembers"]!.AsArray().Skip(1))
        {
            member!["pid"] = null;
        }

        await File.WriteAllTextAsync(stateFile, json.ToJsonString());
        File.Delete(Path.Combine(lab.LabDirectoryPath, "logs", "node1.pid"));

        await lab.LabOkAsync("down", "--all");

        AssertNothingLeft(lab, pids);
    }

    /// <summary>The PIDs of the etcd members (lab.json) and of every calico-node (logs/&lt;node&gt;.pid).</summary>
    private static List<int> RecordedPids(LabHarness lab)
    {
        var state = lab.State;
        var pids = state.ControlPlane!.EtcdMembers.Select(m => m.Pid).OfType<int>().ToList();
        pids.AddRange(state.Nodes.Select(n => int.Parse(File.ReadAllText(Path.Combine(lab.LabDirectoryPath, "logs", $"{n.Name}.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture)));
        return pids;
    }

    private static void AssertRunning(IReadOnlyList<int> pids) =>
        Assert.All(pids, pid => Assert.True(Directory.Exists($"/proc/{pid}"), $"PID {pid} is not running"));

    private static void AssertNothingLeft(LabHarness lab, IReadOnlyList<int> pids)
    {
        var alive = pids.Where(pid => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/status").Contains("State:\tZ", StringComparison.Ordinal)).ToList();
        Assert.True(alive.Count == 0, $"processes still running after down: {string.Join(", ", alive)}");
        var namespaces = Directory.Exists("/var/run/netns") ? Directory.GetFiles("/var/run/netns").Select(Path.GetFileName).Where(n => n!.StartsWith(lab.Name + "-", StringComparison.Ordinal)).ToList() : [];
        Assert.True(namespaces.Count == 0, $"namespaces left after down: {string.Join(", ", namespaces)}");
        Assert.False(Directory.Exists(lab.LabDirectoryPath), $"{lab.LabDirectoryPath} is still there after down");
    }

    private static Dictionary<string, string?> Exports(string env)
    {
        var exports = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var line in env.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var assignment = line["export ".Length..];
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            exports[assignment[..equals]] = assignment[(equals + 1)..].Trim('\'');
        }

        return exports;
    }

    /// <summary>calicoctl with only the given environment (no defaults from the harness).</summary>
    private static async Task<(int Exit, string Stdout, string Stderr)> CtlWithAsync(IReadOnlyDictionary<string, string?> variables, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CalicoCtl.RunAsync(args, new CtlEnvironment(new StringReader(string.Empty), output, error, variables), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, Func<string>? last = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Deadline, $"timed out after {Deadline.TotalSeconds} s waiting for {what} {last?.Invoke()}");
            await Task.Delay(250);
        }
    }
}
