using Calico.Lab.Testing;
using Calico.Testing;

namespace Calico.Lab.Tests;

/// <summary>
/// Issue 7: every <c>calicoctl</c> line of the seed's calico-health.sh and calico-debug.sh runs as written against a lab
/// and answers its question, and each <c>kubectl</c> line's question has an answer in calico-lab or calicoctl (the
/// mapping the README shows). The lines are read from ../shared/seed, so a changed seed changes the test.
/// </summary>
public sealed class SeedScriptTests
{
    private static readonly string SeedDirectory = Path.Combine(RepositoryPaths.Root, "..", "shared", "seed");

    /// <summary>What each seed calicoctl line must show in a two-node bgp lab running the demo (the seed's policy in namespace app).</summary>
    private static readonly Dictionary<string, string[]> Answers = new(StringComparer.Ordinal)
    {
        ["calicoctl node status"] = ["Calico process is running.", "node-to-node mesh", "Established"],
        ["calicoctl get ippool -o wide"] = ["NAME", "CIDR", "NAT", "VXLANMODE", "192.168.0.0/16"],
        ["calicoctl get workloadendpoints -A"] = ["NAMESPACE", "WORKLOAD", "frontend", "web-api"],
        ["calicoctl get networkpolicy -n app -o yaml"] = ["kind: NetworkPolicy", "allow-frontend-to-api", "frontend", "8080"],
    };

    [PrivilegedFact]
    public async Task SeedCalicoctlLines_RunAsWritten_AndKubectlQuestionsHaveLabAnswers()
    {
        var lines = File.ReadAllLines(Path.Combine(SeedDirectory, "calico-health.sh"))
            .Concat(File.ReadAllLines(Path.Combine(SeedDirectory, "calico-debug.sh")))
            .Select(l => l.Split('#')[0].Trim())
            .Where(l => l.StartsWith("calicoctl ", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.Equal(Answers.Keys.Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));

        await using var lab = new LabHarness();
        await lab.LabOkAsync("up", "--nodes", "2", "--mode", "bgp", "--demo");
        var bird = new Dictionary<string, string?> { ["CALICO_BIRD_SOCKET"] = lab.BirdSocket("node1") };
        foreach (var line in lines)
        {
            var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
            var output = string.Empty;
            for (var attempt = 0; attempt < 40; attempt++)
            {
                var (exit, stdout, stderr) = await lab.CtlAsync(bird, args);
                output = $"exit {exit}\n{stdout}{stderr}";
                if (exit == 0 && Answers[line].All(a => stdout.Contains(a, StringComparison.Ordinal)))
                {
                    break;
                }

                await Task.Delay(250);   // node status: the mesh takes a few seconds to come up
            }

            Assert.True(Answers[line].All(a => output.Contains(a, StringComparison.Ordinal)) && output.StartsWith("exit 0", StringComparison.Ordinal),
                $"`{line}` did not answer its question ({string.Join(", ", Answers[line])}):\n{output}");
        }

        // kubectl get pods -l k8s-app=calico-node -o wide / get daemonset / describe pod: one ready calico-node per node.
        var status = await lab.LabOkAsync("status");
        Assert.Equal(2, status.Split('\n').Count(l => l.Contains("  node node", StringComparison.Ordinal) && l.EndsWith("calico-node ready", StringComparison.Ordinal)));
        // kubectl get pod -n app -o wide: the pods, their addresses and nodes.
        Assert.Contains("pod app/web-api", status, StringComparison.Ordinal);

        // kubectl logs <calico-node> --tail=100 / 200: the node's log.
        var logs = await lab.LabOkAsync("logs", "node1", "--tail", "100");
        Assert.Contains("calico-node starting on node node1", (await lab.LabOkAsync("logs", "node1")), StringComparison.Ordinal);
        Assert.True(logs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 100);

        // kubectl get networkpolicy -A and kubectl get pod -n app --show-labels.
        Assert.Contains("allow-frontend-to-api", await lab.CtlOkAsync("get", "networkpolicy", "-A"), StringComparison.Ordinal);
        Assert.Contains("app: web-api", await lab.CtlOkAsync("get", "workloadendpoints", "-n", "app", "-o", "yaml"), StringComparison.Ordinal);

        // kubectl run netshoot -n app …: a debug pod and a shell in it; the direct path test it is for.
        await lab.LabOkAsync("pod", "add", "app/netshoot", "--labels", "app=netshoot");
        var (execExit, execOutput) = await lab.ExecAsync("app/netshoot", "ip", "-4", "addr", "show", "eth0");
        Assert.True(execExit == 0 && execOutput.Contains("192.168.", StringComparison.Ordinal), execOutput);
    }
}
