using System.Diagnostics;
using System.Text.RegularExpressions;
using Calico.Datastore;
using Calico.Lab.ControlPlane;
using Calico.Lab.Nodes;
using Calico.Lab.State;
using Calico.Lab.Testing;
using Calico.Lab.Tests.MultiNode;
using Calico.Netlink;
using Calico.Testing;
using Calico.Typha;
using Calico.Typha.Client;
using Xunit.Abstractions;

namespace Calico.Lab.Tests.Typha;

/// <summary>
/// calico-lab up --datastore etcd --typha: calico-typha in the control-plane namespace serves every calico-node; killed
/// (SIGKILL) under 200 clients (the calico-nodes and synthetic Felix clients made inside the control plane) and started
/// again, every client notices, reconnects and is in sync again, the nodes' rulesets are exactly what they were, and
/// policy is enforced throughout, also while Typha is down.
/// </summary>
public sealed class TyphaLabTests(ITestOutputHelper output)
{
    private const int Clients = 200;
    private const int Nodes = 2;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [PrivilegedFact]
    public async Task KillAndRestartTypha_Under200Clients_EveryClientResyncs_RulesetsUnchanged_PolicyEnforcedThroughout()
    {
        var clock = Stopwatch.StartNew();
        await using var lab = new LabHarness();
        var up = await lab.LabOkAsync("up", "--datastore", "etcd", "--typha", "--nodes", Nodes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("typha: ready", up, StringComparison.Ordinal);
        var state = lab.State;
        var controlPlane = state.ControlPlane!;
        var typha = controlPlane.Typha!;
        Assert.Equal("198.18.0.2:5473", typha.Endpoint);
        Assert.Contains("TYPHA_LISTENADDRESS=198.18.0.2", typha.Environment);
        Assert.Matches($@"typha  198\.18\.0\.2:5473  PID {typha.Pid}; ready, {Nodes} connections", await lab.LabOkAsync("status"));
        Assert.Contains("Connected to Typha 198.18.0.2:5473", await lab.LabOkAsync("logs", "node1"), StringComparison.Ordinal);
        Assert.NotEmpty(await lab.LabOkAsync("logs", "typha"));
        output.WriteLine($"up with Typha: {clock.Elapsed.TotalSeconds:F1} s");

        // Pods and a policy: TCP 8080 from p1 into p2 allowed, everything else into p2 (ping) denied.
        await using var mesh = new PodMesh(lab);
        var p1 = await mesh.AddAsync("app/p1", "node1");
        var p2 = await mesh.AddAsync("app/p2", "node2", "app=mesh,role=server");
        await mesh.WaitUntilAllReachAsync(mesh.CrossNodePairs(), Deadline, "after up");
        var policy = Path.Combine(lab.StateDirectory, "policy.yaml");
        await File.WriteAllTextAsync(policy, PodMesh.TcpOnlyFromPolicy(p1.Address));
        await lab.CtlOkAsync("apply", "-f", policy);
        await WaitForAsync(async () => !await PingAsync(lab, p1, p2), "ping p1 -> p2 to be denied");
        await AssertEnforcedAsync(lab, p1, p2, "before Typha is killed");

        // The synthetic clients, from inside the control plane, to 200 in all with the calico-nodes.
        using var controlPlaneNamespace = NetworkNamespace.OpenNamed(controlPlane.Namespace);
        var address = new TyphaAddress(typha.ListenAddress, typha.Port);
        var synthetic = Enumerable.Range(1, Clients - Nodes).Select(i => new SyntheticTyphaClient(controlPlaneNamespace, address, $"synthetic-{i}")).ToList();
        try
        {
            synthetic.ForEach(c => c.Start());
            await WaitForAsync(() => Task.FromResult(synthetic.All(c => c.InSync)), $"{synthetic.Count} synthetic clients to be in sync", () => Lagging(synthetic));
            await WaitForAsync(async () => await TyphaHealth.ConnectionsAsync(controlPlane, TimeSpan.FromSeconds(2)) == Clients, $"Typha to count {Clients} connections");
            await AssertViewsEqualDatastoreAsync(state, synthetic);
            await WaitProgrammedAsync(state, await FelixKindsRevisionAsync(state), "the pods and the policy");
            var before = Rulesets(state);
            output.WriteLine($"{Clients} clients in sync, rulesets recorded: {clock.Elapsed.TotalSeconds:F1} s");

            // Kill Typha as a crash would.
            var killedPid = typha.Pid!.Value;
            Assert.Contains($"calico-typha stopped (PID {killedPid} killed)", await lab.LabOkAsync("typha", "stop"), StringComparison.Ordinal);
            Assert.False(Directory.Exists($"/proc/{killedPid}") && !File.ReadAllText($"/proc/{killedPid}/status").Contains("State:\tZ", StringComparison.Ordinal), "calico-typha still runs after typha stop");
            Assert.Contains("typha  198.18.0.2:5473  NOT RUNNING", await lab.LabOkAsync("status"), StringComparison.Ordinal);
            await WaitForAsync(() => Task.FromResult(synthetic.All(c => c.Losses >= 1)), "every synthetic client to notice Typha is gone", () => $"{synthetic.Count(c => c.Losses == 0)} have not");
            foreach (var node in state.Nodes)
            {
                await WaitForAsync(async () => (await lab.LabOkAsync("logs", node.Name)).Contains("Lost Typha 198.18.0.2:5473", StringComparison.Ordinal), $"calico-node on {node.Name} to log the lost connection");
            }

            // What the nodes programmed stays in force while Typha is down.
            await AssertEnforcedAsync(lab, p1, p2, "while Typha is down");
            Assert.Equal(before, Rulesets(state));

            // A change to a kind no Felix client follows moves the datastore's revision on: a calico-node whose programmed
            // revision reaches it has taken the new Typha's whole snapshot (its in-sync marker carries the revision).
            await lab.CtlOkAsync("create", "-f", await WriteAsync(lab, "bgppeer.yaml", """
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata:
                  name: while-typha-is-down
                spec:
                  peerIP: 198.18.0.99
                  asNumber: 64512
                """));
            long marker;
            await using (var datastore = await LabDatastoreAccess.OpenAsync(state))
            {
                marker = await datastore.GetRevisionAsync();
            }

            var restarted = clock.Elapsed;
            Assert.Contains("calico-typha started and ready", await lab.LabOkAsync("typha", "start"), StringComparison.Ordinal);
            typha = lab.State.ControlPlane!.Typha!;
            Assert.NotEqual(killedPid, typha.Pid);
            Assert.Contains("TYPHA_LISTENADDRESS=198.18.0.2", typha.Environment);
            await WaitForAsync(() => Task.FromResult(synthetic.All(c => c.InSync && c.Syncs >= 2)), "every synthetic client to be in sync again", () => Lagging(synthetic));
            await WaitForAsync(async () => await TyphaHealth.ConnectionsAsync(controlPlane, TimeSpan.FromSeconds(2)) == Clients, $"Typha to count {Clients} connections again");
            foreach (var node in state.Nodes)
            {
                await WaitForAsync(async () => Regex.Count(await lab.LabOkAsync("logs", node.Name), "Connected to Typha 198.18.0.2:5473") >= 2, $"calico-node on {node.Name} to log its reconnect");
            }

            await WaitProgrammedAsync(state, marker, "the new Typha's snapshot");
            output.WriteLine($"all {Clients} clients in sync again {(clock.Elapsed - restarted).TotalSeconds:F1} s after typha start began");
            var after = Rulesets(state);
            foreach (var node in state.Nodes)
            {
                Assert.True(before[node.Name] == after[node.Name], $"{node.Name}'s table inet calico changed across the Typha restart:\nbefore:\n{before[node.Name]}\nafter:\n{after[node.Name]}");
            }

            await AssertEnforcedAsync(lab, p1, p2, "after Typha is back");
            await AssertViewsEqualDatastoreAsync(state, synthetic);
            Assert.Matches($@"typha  198\.18\.0\.2:5473  PID {typha.Pid}; ready, {Clients} connections", await lab.LabOkAsync("status"));
            output.WriteLine($"whole test: {clock.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            foreach (var client in synthetic)
            {
                await client.DisposeAsync();
            }
        }

        var pid = lab.State.ControlPlane!.Typha!.Pid!.Value;
        await lab.LabOkAsync("down");
        Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/status").Contains("State:\tZ", StringComparison.Ordinal), "calico-typha still runs after down");
    }

    /// <summary>
    /// --typha with the default datastore: a control plane with only Typha in it; a TYPHA_* setting in up's environment
    /// is Typha's, and typha start from an environment that says otherwise runs exactly the recorded configuration.
    /// </summary>
    [PrivilegedFact]
    public async Task SqliteWithTypha_RestartFromAnotherEnvironment_RunsTheRecordedConfiguration()
    {
        await using var lab = new LabHarness(new Dictionary<string, string?> { ["TYPHA_LOGSEVERITYSCREEN"] = "DEBUG" });
        await lab.LabOkAsync("up", "--typha");
        var state = lab.State;
        Assert.Equal(LabDatastores.Sqlite, state.Datastore);
        Assert.Empty(state.ControlPlane!.EtcdMembers);
        Assert.Contains($"SQLITE_PATH={state.DatastorePath}", state.ControlPlane.Typha!.Environment);
        Assert.Matches(@"typha  198\.18\.0\.2:5473  PID \d+; ready, 1 connection\n", await lab.LabOkAsync("status"));
        Assert.Contains("Felix syncs from Typha 198.18.0.2:5473", await lab.LabOkAsync("logs", "node1"), StringComparison.Ordinal);
        Assert.Contains("calico-typha stopped", await lab.LabOkAsync("typha", "stop"), StringComparison.Ordinal);

        // typha start from a shell whose environment points elsewhere and asks for other settings.
        var otherShell = new Dictionary<string, string?>
        {
            ["CALICO_LAB_STATE_DIR"] = lab.StateDirectory,
            ["CALICO_LAB_NAME"] = lab.Name,
            ["TYPHA_LOGSEVERITYSCREEN"] = "WARNING",
            ["DATASTORE_TYPE"] = "etcdv3",
        };
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await CalicoLab.RunAsync(["typha", "start"], new LabEnvironment(stdout, stderr, otherShell, RepositoryPaths.Binaries), CancellationToken.None);
        Assert.True(exit == 0, $"typha start failed: {stderr}{stdout}");
        var typha = lab.State.ControlPlane!.Typha!;
        var environment = File.ReadAllText($"/proc/{typha.Pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(typha.Environment.Order(StringComparer.Ordinal), environment.Where(e => e.StartsWith("TYPHA_", StringComparison.Ordinal) || e.StartsWith("DATASTORE_", StringComparison.Ordinal) || e.StartsWith("SQLITE_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("TYPHA_LOGSEVERITYSCREEN=DEBUG", environment);
        Assert.Contains("DATASTORE_TYPE=sqlite", environment);
        Assert.DoesNotContain(environment, e => e.StartsWith("CALICO_LAB_", StringComparison.Ordinal));
        await WaitForAsync(async () => Regex.Count(await lab.LabOkAsync("logs", "node1"), "Connected to Typha 198.18.0.2:5473") >= 2, "calico-node on node1 to reconnect");
    }

    private static async Task<string> WriteAsync(LabHarness lab, string name, string text)
    {
        var path = Path.Combine(lab.StateDirectory, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private static async Task<bool> PingAsync(LabHarness lab, MeshPod from, MeshPod to) =>
        (await lab.ExecAsync(from.Name, "ping", "-c", "1", "-W", "1", to.Address)).Exit == 0;

    /// <summary>The denied probe (ping p1 → p2) is still denied and the allowed one (TCP 8080 p1 → p2) still allowed.</summary>
    private static async Task AssertEnforcedAsync(LabHarness lab, MeshPod p1, MeshPod p2, string when)
    {
        Assert.False(await PingAsync(lab, p1, p2), $"ping {p1} -> {p2} was let through {when}");
        var (exit, text) = await lab.ExecAsync(p1.Name, "nc", "-z", "-w", "2", p2.Address, PodMesh.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exit == 0, $"TCP {p1} -> {p2}:{PodMesh.Port} was denied {when}: {text}");
    }

    /// <summary>Every node's <c>nft list table inet calico</c>, read inside its namespace.</summary>
    private static Dictionary<string, string> Rulesets(LabState state)
    {
        var rulesets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in state.Nodes)
        {
            var (exit, stdout, stderr) = ProcessRunner.TryRun("ip", "netns", "exec", node.Namespace, "nft", "list", "table", "inet", "calico");
            Assert.True(exit == 0, $"nft list table inet calico on {node.Name}: {stderr}");
            rulesets[node.Name] = stdout;
        }

        return rulesets;
    }

    /// <summary>The highest revision among the resources Felix follows: what a Typha-fed calico-node can have programmed.</summary>
    private static async Task<long> FelixKindsRevisionAsync(LabState state) =>
        (await DatastoreViewAsync(state)).Revision;

    private static async Task<(Dictionary<ResourceKey, string> View, long Revision)> DatastoreViewAsync(LabState state)
    {
        await using var datastore = await LabDatastoreAccess.OpenAsync(state);
        var view = new Dictionary<ResourceKey, string>();
        long revision = 0;
        foreach (var kind in SyncerKinds.Felix)
        {
            foreach (var item in (await datastore.ListAsync(kind.StoreKind)).Items)
            {
                view[item.Key] = item.Value;
                revision = Math.Max(revision, item.Revision);
            }
        }

        return (view, revision);
    }

    /// <summary>Every synthetic client's view equals the datastore's resources of Felix's kinds (waiting out changes still in flight).</summary>
    private static async Task AssertViewsEqualDatastoreAsync(LabState state, IReadOnlyList<SyntheticTyphaClient> clients)
    {
        string detail = string.Empty;
        await WaitForAsync(async () =>
        {
            var (expected, _) = await DatastoreViewAsync(state);
            var differing = clients.Select((c, i) => (Index: i, View: c.View())).Where(c => !SameView(expected, c.View)).ToList();
            detail = differing.Count == 0 ? string.Empty
                : $"{differing.Count} clients differ; client {differing[0].Index} has {differing[0].View.Count} keys, the datastore {expected.Count}: "
                  + string.Join(", ", expected.Keys.Except(differing[0].View.Keys).Concat(differing[0].View.Keys.Except(expected.Keys)).Take(5));
            return differing.Count == 0;
        }, "the synthetic clients' views to equal the datastore", () => detail);
    }

    private static bool SameView(Dictionary<ResourceKey, string> expected, Dictionary<ResourceKey, string> actual) =>
        expected.Count == actual.Count && expected.All(e => actual.TryGetValue(e.Key, out var value) && string.Equals(value, e.Value, StringComparison.Ordinal));

    private static Task WaitProgrammedAsync(LabState state, long revision, string what) =>
        Task.WhenAll(state.Nodes.Select(n => new ProgrammedRevision(n.Name, n.Namespace, Deadline).WaitAsync(revision, what)));

    private static string Lagging(IReadOnlyList<SyntheticTyphaClient> clients)
    {
        var lagging = clients.Where(c => !c.InSync).ToList();
        return $"{lagging.Count} not in sync; e.g. {lagging.FirstOrDefault()?.LastError}";
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, Func<string>? last = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Deadline, $"timed out after {Deadline.TotalSeconds} s waiting for {what} {last?.Invoke()}");
            await Task.Delay(100);
        }
    }
}
