using System.Diagnostics;
using System.Net;
using Calico.Testing;

namespace Calico.Cni.Tests.Integration;

/// <summary>
/// The plugin killed with SIGKILL at random points of ADD: no address is ever handed out twice, every leak is reported
/// by `ipam check` and removed by `ipam release --from-report`, after which check is clean.
/// </summary>
public sealed class PluginCrashSafetyTests
{
    [PrivilegedFact]
    public async Task Add_KilledAtRandomPoints_NoDuplicateAndLeaksRepairable()
    {
        const int trials = 60;
        await using var node = await PluginNode.CreateAsync();
        var random = new Random(20261122);
        var held = new Dictionary<IPAddress, string>();
        var killed = 0;
        for (var trial = 0; trial < trials; trial++)
        {
            var netns = await node.AddPodNamespaceAsync($"k{trial}");
            var delay = TimeSpan.FromMilliseconds(random.Next(0, 25));
            if (await RunAndKillAsync(node, $"crash{trial}", netns, delay) is { } address)
            {
                Assert.False(held.ContainsKey(address), $"{address} handed out twice ({held.GetValueOrDefault(address)} and crash{trial})");
                held[address] = $"crash{trial}";
            }
            else
            {
                killed++;
            }
        }

        // Completed ADDs and a fresh batch after the crashes never share an address with each other or with leaks.
        for (var i = 0; i < 10; i++)
        {
            var netns = await node.AddPodNamespaceAsync($"after{i}");
            var add = (await node.RunAsync("ADD", $"after{i}", netns, node.Config(), pod: $"after{i}")).ShouldSucceed();
            var address = IPAddress.Parse(add.FirstAddress);
            Assert.False(held.ContainsKey(address), $"{address} handed out twice ({held.GetValueOrDefault(address)} and after{i})");
            held[address] = $"after{i}";
        }

        Assert.True(killed >= trials / 4, $"only {killed} of {trials} runs were killed before finishing; the test did not exercise crashes");
        var report = Path.Combine(node.Directory, "report.json");
        await node.CtlOkAsync(string.Empty, "ipam", "check", "-o", report);
        await node.CtlOkAsync(string.Empty, "ipam", "release", $"--from-report={report}");
        var after = await node.CtlOkAsync(string.Empty, "ipam", "check");
        Assert.Contains("found 0 problems", after, StringComparison.Ordinal);
        foreach (var (address, owner) in held)
        {
            Assert.Contains("k8s-pod-network." + owner, (await node.CtlAsync(string.Empty, "ipam", "show", $"--ip={address}")).Stdout, StringComparison.Ordinal);
        }
    }

    /// <summary>Starts ADD and sends SIGKILL after the delay; returns the address if it finished first.</summary>
    private static async Task<IPAddress?> RunAndKillAsync(PluginNode node, string containerId, string netns, TimeSpan delay)
    {
        var info = new ProcessStartInfo("ip", ["netns", "exec", node.NodeNamespace, Path.Combine(RepositoryPaths.Binaries, "calico")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["CNI_COMMAND"] = "ADD";
        info.Environment["CNI_CONTAINERID"] = containerId;
        info.Environment["CNI_NETNS"] = netns;
        info.Environment["CNI_IFNAME"] = "eth0";
        info.Environment["CNI_PATH"] = RepositoryPaths.Binaries;
        info.Environment["CNI_ARGS"] = $"IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME={containerId}";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.StandardInput.WriteAsync(node.Config());
        process.StandardInput.Close();
        await Task.Delay(delay);
        if (!process.HasExited)
        {
            // ip netns exec execs the plugin in place, so this PID is the plugin itself.
            process.Kill();
        }

        await process.WaitForExitAsync();
        var output = await stdout;
        return process.ExitCode == 0 && output.Contains("\"ips\"", StringComparison.Ordinal)
            ? IPAddress.Parse(System.Text.Json.Nodes.JsonNode.Parse(output)!["ips"]![0]!["address"]!.GetValue<string>().Split('/')[0])
            : null;
    }
}
