namespace Calico.Ctl.Tests;

/// <summary>Each bad input: a non-zero exit and one line naming the file, the document, the field path and the reason.</summary>
public sealed class BadInputTests : IDisposable
{
    private const string PoolHeader = "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p1\nspec:\n";
    private readonly CtlHarness _ctl = new();

    public void Dispose() => _ctl.Dispose();

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // name, file content, expected field path, expected words in the reason
        { "malformed-yaml", "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: [unclosed\n", "", "malformed YAML at line" },
        { "unknown-kind", "apiVersion: projectcalico.org/v3\nkind: IPPoool\nmetadata:\n  name: x\n", "kind", "unknown kind \"IPPoool\"" },
        { "unknown-field", PoolHeader + "  cidr: 10.0.0.0/16\n  natOutgoin: true\n", "spec.natOutgoin", "unknown field \"natOutgoin\"" },
        { "k8s-selector", "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: np\n  namespace: app\nspec:\n  selector: app=frontend\n", "spec.selector", "Calico selectors use '=='" },
        { "invalid-cidr", PoolHeader + "  cidr: 10.0.0.0/33\n", "spec.cidr", "invalid prefix length" },
        { "host-bits-cidr", PoolHeader + "  cidr: 10.0.0.1/16\n", "spec.cidr", "host bits set" },
        { "pool-smaller-than-block", PoolHeader + "  cidr: 10.0.0.0/27\n  blockSize: 26\n", "spec.blockSize", "smaller than one block" },
        { "link-local-pool", PoolHeader + "  cidr: 169.254.10.0/24\n", "spec.cidr", "link-local" },
        { "block-size-33", PoolHeader + "  cidr: 10.0.0.0/16\n  blockSize: 33\n", "spec.blockSize", "out of range" },
        { "vxlan-and-ipip", PoolHeader + "  cidr: 10.0.0.0/16\n  vxlanMode: Always\n  ipipMode: Always\n", "spec.vxlanMode", "cannot both be enabled" },
        { "ipip-on-ipv6", PoolHeader + "  cidr: fd00::/48\n  ipipMode: Always\n", "spec.ipipMode", "IPIP is not supported on IPv6" },
        { "bad-enum", PoolHeader + "  cidr: 10.0.0.0/16\n  vxlanMode: always\n", "spec.vxlanMode", "expected Never, Always or CrossSubnet" },
        { "port-without-protocol", "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: np\nspec:\n  ingress:\n  - action: Allow\n    destination:\n      ports: [80]\n", "spec.ingress[0].destination.ports[0]", "needs the rule's protocol" },
        { "icmp-code-without-type", "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: g\nspec:\n  ingress:\n  - action: Allow\n    protocol: ICMP\n    icmp:\n      code: 3\n", "spec.ingress[0].icmp.code", "needs an ICMP type" },
        { "wrong-type", PoolHeader + "  cidr: 10.0.0.0/16\n  natOutgoing: yes-please\n", "spec.natOutgoing", "wrong type" },
        { "missing-name", "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {}\nspec:\n  cidr: 10.0.0.0/16\n", "metadata.name", "is required" },
        { "predNAT-without-applyOnForward", "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: g\nspec:\n  preDNAT: true\n", "spec.applyOnForward", "must be true when preDNAT" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Apply_BadInput_OneLineNamingFileDocumentFieldAndReason(string name, string content, string field, string reason)
    {
        var file = _ctl.WriteFile($"{name}.yaml", content);

        var result = await _ctl.RunAsync("apply", "-f", file);

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"calicoctl: {file}: document 1", line, StringComparison.Ordinal);
        if (field.Length > 0)
        {
            Assert.Contains($": {field}: ", line, StringComparison.Ordinal);
        }

        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Apply_MalformedYamlInSecondDocument_NamesDocumentTwo()
    {
        var file = _ctl.WriteFile("two.yaml", PoolHeader + "  cidr: 10.0.0.0/16\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: [x\n");

        var result = await _ctl.RunAsync("apply", "-f", file);

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith($"calicoctl: {file}: document 2: malformed YAML", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("198.18.0.0/16", "198.18.0.0/16 contains the address 198.18.0.11 of node \"node1\" (spec.bgp.ipv4Address 198.18.0.11/24)")]
    [InlineData("198.18.0.128/25", "198.18.0.128/25 overlaps the underlay subnet 198.18.0.0/24 of node \"node1\" (spec.bgp.ipv4Address 198.18.0.11/24)")]
    public async Task Apply_PoolOverlappingANodesAddressOrSubnet_RefusedNamingTheNode_NothingWritten(string cidr, string reason)
    {
        var node = _ctl.WriteFile("node.yaml", "apiVersion: projectcalico.org/v3\nkind: Node\nmetadata:\n  name: node1\nspec:\n  bgp:\n    ipv4Address: 198.18.0.11/24\n");
        (await _ctl.RunAsync("apply", "-f", node)).ShouldSucceed();
        var file = _ctl.WriteFile("pool.yaml", PoolHeader + $"  cidr: {cidr}\n");

        var result = await _ctl.RunAsync("apply", "-f", file);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{file}: document 1 (IPPool \"p1\"): spec.cidr: {reason}", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        var pools = await _ctl.RunAsync("get", "ippool");
        Assert.DoesNotContain("p1", pools.Stdout, StringComparison.Ordinal);
        (await _ctl.RunAsync("apply", "-f", _ctl.WriteFile("ok.yaml", PoolHeader + "  cidr: 192.168.0.0/16\n"))).ShouldSucceed();
    }

    [Fact]
    public async Task Apply_OverlappingPools_SecondRefusedNamingTheFirst()
    {
        (await _ctl.RunAsync("apply", "-f", _ctl.WriteFile("a.yaml", PoolHeader + "  cidr: 10.0.0.0/16\n"))).ShouldSucceed();
        var file = _ctl.WriteFile("b.yaml", PoolHeader.Replace("p1", "p2", StringComparison.Ordinal) + "  cidr: 10.0.128.0/17\n");

        var result = await _ctl.RunAsync("apply", "-f", file);

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains($"{file}: document 1 (IPPool \"p2\"): spec.cidr: 10.0.128.0/17 overlaps IPPool \"p1\" (10.0.0.0/16)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WhatExists_FailsNamingTheResource()
    {
        var file = _ctl.WriteFile("pool.yaml", PoolHeader + "  cidr: 10.0.0.0/16\n");
        (await _ctl.RunAsync("create", "-f", file)).ShouldSucceed();

        var result = await _ctl.RunAsync("create", "-f", file);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{file}: document 1 (IPPool \"p1\"): metadata.name: IPPool \"p1\" already exists", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        (await _ctl.RunAsync("create", "-f", file, "--skip-exists")).ShouldSucceed();
    }

    [Fact]
    public async Task Delete_WhatIsAbsent_FailsNamingTheResource()
    {
        var file = _ctl.WriteFile("pool.yaml", PoolHeader + "  cidr: 10.0.0.0/16\n");

        var byFile = await _ctl.RunAsync("delete", "-f", file);
        var byName = await _ctl.RunAsync("delete", "ippool", "nope");

        Assert.NotEqual(0, byFile.ExitCode);
        Assert.Contains($"{file}: document 1: metadata.name: IPPool \"p1\" does not exist", Assert.Single(byFile.ErrorLines), StringComparison.Ordinal);
        Assert.NotEqual(0, byName.ExitCode);
        Assert.Contains("IPPool \"nope\" does not exist", Assert.Single(byName.ErrorLines), StringComparison.Ordinal);
        (await _ctl.RunAsync("delete", "ippool", "nope", "--skip-not-exists")).ShouldSucceed();
    }

    [Fact]
    public async Task Apply_MultiDocumentWithOneBad_WritesNothing()
    {
        var good1 = PoolHeader + "  cidr: 10.1.0.0/16\n";
        var good2 = "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: ok\n  namespace: app\nspec:\n  selector: all()\n";
        var bad = "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: bad\nspec:\n  cidr: 10.2.0.0/27\n";
        var file = _ctl.WriteFile("multi.yaml", $"{good1}---\n{good2}---\n{bad}");

        var result = await _ctl.RunAsync("apply", "-f", file);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("document 3 (IPPool \"bad\"): spec.blockSize", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Single((await _ctl.RunAsync("get", "ippool")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Single((await _ctl.RunAsync("get", "networkpolicy", "-A")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Apply_CrossDocumentConflict_WritesNothing()
    {
        // Each document is valid on its own; the second overlaps the first: caught before anything is written.
        var file = _ctl.WriteFile("overlap.yaml", PoolHeader + "  cidr: 10.0.0.0/16\n---\n" + PoolHeader.Replace("p1", "p2", StringComparison.Ordinal) + "  cidr: 10.0.0.0/8\n");

        var result = await _ctl.RunAsync("apply", "-f", file);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("overlaps", result.Stderr, StringComparison.Ordinal);
        Assert.Single((await _ctl.RunAsync("get", "ippool")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
