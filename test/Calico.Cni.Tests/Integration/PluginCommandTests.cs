using Calico.Testing;

namespace Calico.Cni.Tests.Integration;

/// <summary>The real plugin binary: CNI 0.3.1, 0.4.0 and 1.0.0; ADD idempotent; DEL idempotent and tolerant; CHECK.</summary>
public sealed class PluginCommandTests
{
    [PrivilegedTheory]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    public async Task AddCheckDel_EachSpecVersion_Works(string version)
    {
        await using var node = await PluginNode.CreateAsync();
        var netns = await node.AddPodNamespaceAsync("p1");

        var add = (await node.RunAsync("ADD", "c1", netns, node.Config(version), pod: "p1")).ShouldSucceed();

        Assert.Equal(version, (string?)add.Json["cniVersion"]);
        Assert.Equal(version.StartsWith("0.", StringComparison.Ordinal) ? "4" : null, (string?)add.Json["ips"]![0]!["version"]);
        Assert.StartsWith("10.244.", add.FirstAddress, StringComparison.Ordinal);
        var hostVeth = (string)add.Json["interfaces"]![0]!["name"]!;
        Assert.Contains(hostVeth, await node.IpInNodeAsync("link", "show"), StringComparison.Ordinal);
        Assert.Contains($"{add.FirstAddress} dev {hostVeth} scope link", await node.IpInNodeAsync("route"), StringComparison.Ordinal);

        if (version != "0.3.1")
        {
            var withPrev = node.Config(version, $",\"prevResult\":{add.Stdout}");
            (await node.RunAsync("CHECK", "c1", netns, withPrev, pod: "p1")).ShouldSucceed();
        }

        (await node.RunAsync("DEL", "c1", netns, node.Config(version), pod: "p1")).ShouldSucceed();
        Assert.DoesNotContain(hostVeth, await node.IpInNodeAsync("link", "show"), StringComparison.Ordinal);
        Assert.Contains("not assigned", (await node.CtlAsync(string.Empty, "ipam", "show", $"--ip={add.FirstAddress}")).Stdout, StringComparison.Ordinal);
    }

    [PrivilegedFact]
    public async Task Version_ListsSupportedVersions()
    {
        await using var node = await PluginNode.CreateAsync();

        var result = (await node.RunRawAsync(new Dictionary<string, string> { ["CNI_COMMAND"] = "VERSION" }, "{\"cniVersion\":\"1.0.0\"}")).ShouldSucceed();

        Assert.Equal(["0.3.0", "0.3.1", "0.4.0", "1.0.0"], result.Json["supportedVersions"]!.AsArray().Select(v => (string?)v));
    }

    [PrivilegedFact]
    public async Task Add_SameContainerTwice_SameAddressNoDuplicate()
    {
        await using var node = await PluginNode.CreateAsync();
        var netns = await node.AddPodNamespaceAsync("p1");

        var first = (await node.RunAsync("ADD", "c1", netns, node.Config(), pod: "p1")).ShouldSucceed();
        var second = (await node.RunAsync("ADD", "c1", netns, node.Config(), pod: "p1")).ShouldSucceed();

        Assert.Equal(first.FirstAddress, second.FirstAddress);
        var (_, check, _) = await node.CtlAsync(string.Empty, "ipam", "check");
        Assert.DoesNotContain("leak", check, StringComparison.OrdinalIgnoreCase);
        Assert.Single((await node.CtlAsync(string.Empty, "get", "wep", "-A")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1));
    }

    [PrivilegedFact]
    public async Task Del_TwiceAndWithoutNetnsAndUnknown_AllSucceed()
    {
        await using var node = await PluginNode.CreateAsync();
        var netns = await node.AddPodNamespaceAsync("p1");
        (await node.RunAsync("ADD", "c1", netns, node.Config(), pod: "p1")).ShouldSucceed();

        (await node.RunAsync("DEL", "c1", netns, node.Config(), pod: "p1")).ShouldSucceed();
        (await node.RunAsync("DEL", "c1", string.Empty, node.Config(), pod: "p1")).ShouldSucceed();
        (await node.RunAsync("DEL", "never-seen", string.Empty, node.Config(), pod: "ghost")).ShouldSucceed();
        (await node.RunAsync("DEL", "never-seen-2", "/var/run/netns/does-not-exist", node.Config(), pod: "ghost2")).ShouldSucceed();

        Assert.Single((await node.CtlAsync(string.Empty, "get", "wep", "-A")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [PrivilegedFact]
    public async Task Add_WithoutKubernetesNames_DerivesFromContainerId()
    {
        await using var node = await PluginNode.CreateAsync();
        var netns = await node.AddPodNamespaceAsync("p1");

        var add = (await node.RunAsync("ADD", "0123456789abcdef", netns, node.Config())).ShouldSucceed();

        Assert.Equal("calife5567e8d76", (string?)add.Json["interfaces"]![0]!["name"]);
        (await node.RunAsync("DEL", "0123456789abcdef", netns, node.Config())).ShouldSucceed();
    }

    [PrivilegedFact]
    public async Task Add_PodResourceInDatastore_EndpointGetsLabelsPortsAndPodAnnotations()
    {
        await using var node = await PluginNode.CreateAsync();
        await node.CtlOkAsync("apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: default, labels: {app: web}}\nspec: {serviceAccountName: builder, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}\n", "apply", "-f", "-");
        var netns = await node.AddPodNamespaceAsync("web");

        var add = (await node.RunAsync("ADD", "cweb", netns, node.Config(), pod: "web")).ShouldSucceed();

        var wep = await node.CtlOkAsync(string.Empty, "get", "wep", "-n", "default", "-o", "yaml");
        Assert.Contains("app: web", wep, StringComparison.Ordinal);
        Assert.Contains("- kns.default", wep, StringComparison.Ordinal);
        Assert.Contains("- ksa.default.builder", wep, StringComparison.Ordinal);
        Assert.Contains("name: http", wep, StringComparison.Ordinal);
        Assert.Contains("port: 8080", wep, StringComparison.Ordinal);
        Assert.Contains("mac: ", wep, StringComparison.Ordinal);
        var pod = await node.CtlOkAsync(string.Empty, "get", "pod", "web", "-n", "default", "-o", "yaml");
        Assert.Contains($"cni.projectcalico.org/podIP: {add.FirstAddress}/32", pod, StringComparison.Ordinal);
        Assert.Contains("cni.projectcalico.org/containerID: cweb", pod, StringComparison.Ordinal);
    }

    [PrivilegedFact]
    public async Task Check_AfterInterfaceRemoved_FailsNamingWhat()
    {
        await using var node = await PluginNode.CreateAsync();
        var netns = await node.AddPodNamespaceAsync("p1");
        var add = (await node.RunAsync("ADD", "c1", netns, node.Config(), pod: "p1")).ShouldSucceed();
        var hostVeth = (string)add.Json["interfaces"]![0]!["name"]!;
        await node.IpInNodeAsync("route", "del", $"{add.FirstAddress}/32", "dev", hostVeth);

        var check = await node.RunAsync("CHECK", "c1", netns, node.Config(extra: $",\"prevResult\":{add.Stdout}"), pod: "p1");

        Assert.NotEqual(0, check.ExitCode);
        Assert.Equal(103, (int?)check.Json["code"]);
        Assert.Contains("host route", (string?)check.Json["msg"], StringComparison.Ordinal);
    }

    [PrivilegedFact]
    public async Task CalicoIpam_AddAndDel_AsItsOwnPlugin()
    {
        await using var node = await PluginNode.CreateAsync();
        var netns = await node.AddPodNamespaceAsync("p1");

        var add = (await node.RunAsync("ADD", "c1", netns, node.Config(), pod: "p1", plugin: "calico-ipam")).ShouldSucceed();
        Assert.Null(add.Json["interfaces"]);
        Assert.Contains("k8s-pod-network.c1", (await node.CtlAsync(string.Empty, "ipam", "show", $"--ip={add.FirstAddress}")).Stdout, StringComparison.Ordinal);

        (await node.RunAsync("DEL", "c1", netns, node.Config(), pod: "p1", plugin: "calico-ipam")).ShouldSucceed();
        Assert.Contains("not assigned", (await node.CtlAsync(string.Empty, "ipam", "show", $"--ip={add.FirstAddress}")).Stdout, StringComparison.Ordinal);
    }
}
