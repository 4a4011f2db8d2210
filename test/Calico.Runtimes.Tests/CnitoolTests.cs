using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Calico.Testing;
using Xunit.Abstractions;

namespace Calico.Runtimes.Tests;

/// <summary>
/// Upstream cnitool (libcni 1.1.2) drives the plugins through libcni: ADD, CHECK (libcni passes the cached ADD result as
/// prevResult), DEL. The container ID is cnitool-&lt;first 10 bytes of sha512(netns path), hex&gt;.
/// </summary>
[Collection(RuntimeCollection.Name)]
public sealed class CnitoolTests(RuntimeTools tools, ITestOutputHelper output)
{
    [PrivilegedFact]
    public async Task CnitoolAddCheckDel_AssignsChecksAndReleases()
    {
        await tools.EnsureAsync();
        await using var node = await RuntimeNode.CreateAsync(output);
        var netns = await node.AddPodNamespaceAsync("cnitool");
        var environment = new Dictionary<string, string> { ["NETCONFPATH"] = node.WriteConfDir("cnitool-conf"), ["CNI_PATH"] = node.CniBin };
        var containerId = "cnitool-" + Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes(netns))[..10]);
        Task<ProcessResult> Cnitool(string command) => node.InNodeAsync(tools.Cnitool, [command, RuntimeNode.NetworkName, netns], environment);
        node.OnDispose(async () =>
        {
            // after a failure: DEL (idempotent), and libcni's cache entry in any case
            await Cnitool("del");
            RuntimeNode.RemoveCniCacheEntries([containerId]);
        });

        var add = (await Cnitool("add")).ShouldSucceed();
        node.Log(add.ToString());
        var result = JsonNode.Parse(add.Stdout)!;
        Assert.Equal("1.0.0", (string?)result["cniVersion"]);
        var address = ((string)result["ips"]![0]!["address"]!).Split('/')[0];
        var hostVeth = (string)result["interfaces"]![0]!["name"]!;
        Assert.StartsWith(RuntimeNode.PoolPrefix, address, StringComparison.Ordinal);
        Assert.Equal(netns, (string?)result["interfaces"]![1]!["sandbox"]);
        Assert.Contains($"Handle ID: {RuntimeNode.NetworkName}.{containerId}", await node.IpamShowAsync(address), StringComparison.Ordinal);
        var endpoint = await node.CtlOkAsync("get", "wep", "-A", "-o", "yaml");
        Assert.Contains($"containerID: {containerId}", endpoint, StringComparison.Ordinal);
        Assert.Contains("orchestrator: cni", endpoint, StringComparison.Ordinal);
        Assert.Equal(address, RuntimeNode.Eth0Address((await RuntimeNode.InNetnsAsync(netns, "ip", "-4", "-o", "addr", "show", "dev", "eth0")).ShouldSucceed().Stdout));
        Assert.Contains($"{address} dev {hostVeth} scope link", await node.IpInNodeAsync("-4", "route", "show"), StringComparison.Ordinal);
        Assert.Single(RuntimeNode.CniCacheEntries([containerId]));

        (await Cnitool("check")).ShouldSucceed();

        // CHECK really looks: without the host route it fails and says what is missing (code 103).
        await node.IpInNodeAsync("route", "del", $"{address}/32", "dev", hostVeth);
        var broken = await Cnitool("check");
        node.Log(broken.ToString());
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("host route", broken.Stdout + broken.Stderr, StringComparison.Ordinal);

        (await Cnitool("del")).ShouldSucceed();
        Assert.Contains($"IP {address} is not assigned", await node.IpamShowAsync(address), StringComparison.Ordinal);
        Assert.True((await node.CtlOkAsync("get", "wep", "-A")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 1);
        Assert.Contains("found 0 problems", await node.CtlOkAsync("ipam", "check"), StringComparison.Ordinal);
        Assert.Empty(RuntimeNode.CniCacheEntries([containerId]));
        Assert.DoesNotContain("eth0", (await RuntimeNode.InNetnsAsync(netns, "ip", "-o", "link", "show")).Stdout, StringComparison.Ordinal);
        await node.AssertNodeHasNoPodStateAsync();

        // DEL again (libcni has no cached result now) still succeeds.
        (await Cnitool("del")).ShouldSucceed();
        await RuntimeNode.AssertRootNamespaceUntouchedAsync();
    }
}
