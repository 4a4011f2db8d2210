namespace Calico.Ctl.Tests;

public sealed class SeedAcceptanceTests : IDisposable
{
    private readonly CtlHarness _ctl = new();

    public void Dispose() => _ctl.Dispose();

    [Fact]
    public async Task Apply_SeedFiles_SucceedAsWritten()
    {
        (await _ctl.RunAsync("apply", "-f", SeedPaths.IPPool)).ShouldSucceed();
        var policy = (await _ctl.RunAsync("apply", "-f", SeedPaths.Policy)).ShouldSucceed();
        Assert.Contains("Successfully applied 1 'NetworkPolicy' resource(s)", policy.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIPPoolWide_AfterSeed_ShowsCalicosColumnsAndValues()
    {
        (await _ctl.RunAsync("apply", "-f", SeedPaths.IPPool)).ShouldSucceed();
        var result = (await _ctl.RunAsync("get", "ippool", "-o", "wide")).ShouldSucceed();
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var headers = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "CIDR", "NAT", "IPIPMODE", "VXLANMODE", "DISABLED", "DISABLEBGPEXPORT", "SELECTOR", "ASSIGNMENTMODE"], headers);
        var row = headers.Zip(values).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("default-ipv4-ippool", row["NAME"]);
        Assert.Equal("192.168.0.0/16", row["CIDR"]);
        Assert.Equal("true", row["NAT"]);
        Assert.Equal("Never", row["IPIPMODE"]);
        Assert.Equal("Always", row["VXLANMODE"]);
        Assert.Equal("false", row["DISABLED"]);
        Assert.Equal("all()", row["SELECTOR"]);
    }

    [Fact]
    public async Task GetIPPool_DefaultOutput_ShowsNameCidrSelector()
    {
        (await _ctl.RunAsync("apply", "-f", SeedPaths.IPPool)).ShouldSucceed();
        var result = (await _ctl.RunAsync("get", "ipp")).ShouldSucceed();
        Assert.Equal(["NAME", "CIDR", "SELECTOR"], result.Stdout.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task GetNetworkPolicyYaml_AfterSeed_ShowsAppliedPlusDefaults()
    {
        (await _ctl.RunAsync("apply", "-f", SeedPaths.Policy)).ShouldSucceed();
        var yaml = (await _ctl.RunAsync("get", "networkpolicy", "-n", "app", "-o", "yaml")).ShouldSucceed().Stdout;
        Assert.Contains("kind: NetworkPolicyList", yaml, StringComparison.Ordinal);
        Assert.Contains("name: allow-frontend-to-api", yaml, StringComparison.Ordinal);
        Assert.Contains("selector: app == \"web-api\"", yaml, StringComparison.Ordinal);
        Assert.Contains("selector: app == \"frontend\"", yaml, StringComparison.Ordinal);
        Assert.Contains("tier: default", yaml, StringComparison.Ordinal);
        Assert.Contains("projectcalico.org/tier: default", yaml, StringComparison.Ordinal);
        Assert.Contains("- 8080", yaml, StringComparison.Ordinal);
        Assert.Contains("protocol: TCP", yaml, StringComparison.Ordinal);
        Assert.Contains("- Ingress", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyOwnYamlOutput_Again_ChangesNothing()
    {
        (await _ctl.RunAsync("apply", "-f", SeedPaths.IPPool)).ShouldSucceed();
        (await _ctl.RunAsync("apply", "-f", SeedPaths.Policy)).ShouldSucceed();
        var before = (await _ctl.RunAsync("get", "networkpolicy", "-n", "app", "-o", "yaml")).ShouldSucceed().Stdout;
        var file = _ctl.WriteFile("roundtrip.yaml", before);
        var apply = (await _ctl.RunAsync("apply", "-f", file)).ShouldSucceed();
        Assert.Contains("1 unchanged", apply.Stdout, StringComparison.Ordinal);
        var after = (await _ctl.RunAsync("get", "networkpolicy", "-n", "app", "-o", "yaml")).ShouldSucceed().Stdout;
        Assert.Equal(before, after);

        var pool = (await _ctl.RunAsync("get", "ippool", "default-ipv4-ippool", "-o", "yaml")).ShouldSucceed().Stdout;
        (await _ctl.RunAsync("apply", "-f", _ctl.WriteFile("pool.yaml", pool))).ShouldSucceed();
        Assert.Equal(pool, (await _ctl.RunAsync("get", "ippool", "default-ipv4-ippool", "-o", "yaml")).Stdout);
    }

    [Fact]
    public async Task GetJson_SingleNamedResource_PrintsTheResource()
    {
        (await _ctl.RunAsync("apply", "-f", SeedPaths.IPPool)).ShouldSucceed();
        var json = (await _ctl.RunAsync("get", "pool", "default-ipv4-ippool", "-o", "json")).ShouldSucceed().Stdout;
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        Assert.Equal("IPPool", (string?)node["kind"]);
        Assert.Equal(26, (int?)node["spec"]!["blockSize"]);
        Assert.Equal("Always", (string?)node["spec"]!["vxlanMode"]);
    }
}
