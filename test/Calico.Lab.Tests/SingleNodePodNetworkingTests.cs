using System.Diagnostics;
using System.Text.RegularExpressions;
using Calico.Lab.Testing;
using Calico.Testing;

namespace Calico.Lab.Tests;

/// <summary>Issue 3 acceptance: two pods on one lab node reach each other; addresses from the seed's pool in a /26 affine to the node.</summary>
public sealed partial class SingleNodePodNetworkingTests
{
    [PrivilegedFact]
    public async Task TwoPodsOnOneNode_ReachEachOtherByPingAndTcp()
    {
        await using var lab = new LabHarness();
        await lab.LabOkAsync("up", "--nodes", "1");
        var a = await lab.LabOkAsync("pod", "add", "app/client", "--labels", "app=client");
        var b = await lab.LabOkAsync("pod", "add", "app/server", "--labels", "app=server", "--ports", "http=8080/TCP");
        var ipA = AddressOf(a);
        var ipB = AddressOf(b);

        Assert.StartsWith("192.168.", ipA, StringComparison.Ordinal);
        Assert.Equal(BlockOf(ipA), BlockOf(ipB));
        var (pingExit, pingOutput) = await lab.ExecAsync("app/client", "ping", "-c", "2", "-W", "2", ipB);
        Assert.True(pingExit == 0, $"ping {ipB} from app/client failed: {pingOutput}");

        await using var listener = await PodListener.StartAsync(lab, "app/server", 8080);
        var (tcpExit, tcpOutput) = await lab.ExecAsync("app/client", "nc", "-z", "-w", "3", ipB, "8080");
        Assert.True(tcpExit == 0, $"TCP connect to {ipB}:8080 failed: {tcpOutput}");

        var (_, affinities, _) = await lab.CtlAsync("get", "blockaffinity", "-o", "wide");
        Assert.Contains($"node1   {BlockOf(ipA)}", Regex.Replace(affinities, " {3,}", "   "), StringComparison.Ordinal);

        var (weExit, weps, weErr) = await lab.CtlAsync("get", "workloadendpoints", "-A");
        Assert.True(weExit == 0, weErr);
        var lines = weps.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAMESPACE", "WORKLOAD", "NODE", "NETWORKS", "INTERFACE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(lines, l => l.Contains("client", StringComparison.Ordinal) && l.Contains($"{ipA}/32", StringComparison.Ordinal) && l.Contains("node1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("server", StringComparison.Ordinal) && l.Contains($"{ipB}/32", StringComparison.Ordinal));
        var (_, wide, _) = await lab.CtlAsync("get", "wep", "-A", "-o", "wide");
        Assert.Equal(["NAMESPACE", "NAME", "WORKLOAD", "NODE", "NETWORKS", "INTERFACE", "PROFILES", "NATS"], wide.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("kns.app,ksa.app.default", wide, StringComparison.Ordinal);
    }

    /// <summary>
    /// up returns only when every node's calico-node has programmed its first full sync: a pod added at once on a fresh
    /// node would otherwise meet no nftables table at all (forwarded unfiltered, and not NATed).
    /// </summary>
    [PrivilegedFact]
    public async Task Up_ReturnsOnlyWhenEveryNodeIsReady()
    {
        await using var lab = new LabHarness();
        var up = await lab.LabOkAsync("up", "--nodes", "2");

        var status = await lab.LabOkAsync("status");
        Assert.Contains("calico-node ready on node1, node2", up, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(status, "calico-node ready").Count);
    }

    [PrivilegedFact]
    public async Task PodDel_ReleasesAddressAndRemovesEndpoint()
    {
        await using var lab = new LabHarness();
        await lab.LabOkAsync("up");
        var ip = AddressOf(await lab.LabOkAsync("pod", "add", "default/p1"));

        await lab.LabOkAsync("pod", "del", "default/p1");

        var (_, held, _) = await lab.CtlAsync("ipam", "show", $"--ip={ip}");
        Assert.Contains("not assigned", held, StringComparison.Ordinal);
        var (_, weps, _) = await lab.CtlAsync("get", "wep", "-A");
        Assert.Single(weps.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [PrivilegedFact]
    public async Task Down_LeavesNoNamespaceOrFile()
    {
        var lab = new LabHarness();
        await lab.LabOkAsync("up", "--nodes", "2");
        await lab.LabOkAsync("pod", "add", "default/p1");

        await lab.DisposeAsync();

        var namespaces = await Process.Start(new ProcessStartInfo("ip", "netns list") { RedirectStandardOutput = true })!.StandardOutput.ReadToEndAsync();
        Assert.DoesNotContain(lab.Name, namespaces, StringComparison.Ordinal);
        Assert.False(Directory.Exists(lab.StateDirectory));
    }

    private static string AddressOf(string podAddOutput) => AddressPattern().Match(podAddOutput) is { Success: true } m
        ? m.Groups[1].Value
        : throw new Xunit.Sdk.XunitException($"no address in: {podAddOutput}");

    private static string BlockOf(string ip)
    {
        var parts = ip.Split('.').Select(int.Parse).ToArray();
        return $"{parts[0]}.{parts[1]}.{parts[2]}.{parts[3] & 0xC0}/26";
    }

    [GeneratedRegex(@": (\d+\.\d+\.\d+\.\d+)/32")]
    private static partial Regex AddressPattern();
}
