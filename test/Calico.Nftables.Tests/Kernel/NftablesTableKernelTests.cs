using System.Text.Json;
using Calico.Nftables.Tests.Infrastructure;
using Calico.Testing;

namespace Calico.Nftables.Tests.Kernel;

/// <summary>The driver against the real kernel, in namespaces each test creates; every result is read back with <c>nft -j list ruleset</c>.</summary>
[Collection(KernelCollection.Name)]
public sealed class NftablesTableKernelTests
{
    [PrivilegedFact]
    public async Task ApplyAsync_Sample_KernelHoldsChainsSetsAndVmap()
    {
        using var ns = TestNamespace.Create("nft", "table-create");
        using var table = new NftablesTableFactory().Open(ns.Handle);
        Samples.Populate(table);

        await table.ApplyAsync();

        var kernel = ns.Ruleset();
        Assert.Equal(["inet calico"], kernel.Tables);
        Assert.Equal("filter forward 0 accept", kernel.Chains["cali-FORWARD"]);
        Assert.Equal("regular", kernel.Chains["cali-fw-cali1"]);
        Assert.Equal([2, 4, 4, 2], new[] { "cali-FORWARD", "cali-fw-cali1", "cali-fw-cali2", "cali-pi-web" }.Select(kernel.RuleCount));
        Assert.Equal("set \"ipv4_addr\" flags [\"interval\"]", kernel.Sets["cali40s-web"]);
        Assert.Equal(["\"10.65.0.1\"", "{\"prefix\": {\"addr\": \"10.65.1.0\", \"len\": 24}}"], kernel.Elements["cali40s-web"]);
        Assert.Equal(2, kernel.Elements["cali40n-web-http"].Count);
        Assert.Equal("map \"ifname\" : \"verdict\"", kernel.Sets["cali-from-wl-dispatch"]);
        Assert.Contains("[\"cali1\", {\"jump\": {\"target\": \"cali-fw-cali1\"}}]", kernel.Elements["cali-from-wl-dispatch"]);
        Assert.All(kernel.Rules.Values.SelectMany(r => r), rule => Assert.Contains("# cali:", rule, StringComparison.Ordinal));
    }

    [PrivilegedFact]
    public async Task ApplyAsync_Incremental_SendsOnlyTheDeltaAndEndsWhereAFreshApplyWould()
    {
        using var ns = TestNamespace.Create("nft", "table-delta");
        var recording = new RecordingNftClient(new LibNftablesClientFactory().Open(ns.Handle));
        using var table = new NftablesTableFactory().Create(recording);
        Samples.Populate(table);
        await table.ApplyAsync();

        table.AddMembers(Samples.WebSet, [Samples.Net("10.65.2.0/24")]);
        table.RemoveMembers(Samples.HttpPorts, [Samples.Http("10.65.0.2")]);
        table.UpdateChain(Chain.Regular("cali-pi-web", new Rule("ip saddr @cali40s-web tcp dport { 80, 443 } accept")));
        var result = await table.ApplyAsync();

        var lines = recording.Transactions[^1].TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("delete element inet calico cali40n-web-http { 10.65.0.2 . 6 . 80 }", lines[0]);
        Assert.Equal("add element inet calico cali40s-web { 10.65.2.0/24 }", lines[1]);
        Assert.Equal("flush chain inet calico cali-pi-web", lines[2]);
        Assert.StartsWith("add rule inet calico cali-pi-web ip saddr @cali40s-web tcp dport { 80, 443 } accept comment \"cali:", lines[3], StringComparison.Ordinal);
        Assert.Equal((1, 1, 1), (result.ElementsAdded, result.ElementsRemoved, result.ChainsRewritten));

        using var fresh = TestNamespace.Create("nft", "table-fresh");
        using (var reference = new NftablesTableFactory().Open(fresh.Handle))
        {
            Samples.Populate(reference);
            reference.AddMembers(Samples.WebSet, [Samples.Net("10.65.2.0/24")]);
            reference.RemoveMembers(Samples.HttpPorts, [Samples.Http("10.65.0.2")]);
            reference.UpdateChain(Chain.Regular("cali-pi-web", new Rule("ip saddr @cali40s-web tcp dport { 80, 443 } accept")));
            await reference.ApplyAsync();
        }

        Assert.Equal(fresh.Ruleset().Describe(), ns.Ruleset().Describe());
    }

    [PrivilegedFact]
    public async Task ApplyAsync_MembershipChanges_KernelElementsFollow()
    {
        using var ns = TestNamespace.Create("nft", "table-members");
        using var table = new NftablesTableFactory().Open(ns.Handle);
        table.UpdateSet(Samples.WebSpec, [Samples.Net("10.0.0.0/24")]);
        table.UpdateSet(new SetSpec("cali60s-web", SetKeyType.Ipv6Address, Interval: true), [Samples.Net("fd00::/64"), Samples.Ip("fd01::1")]);
        table.UpdateSet(new SetSpec("ports", SetKeyType.ProtocolPort), [SetElement.ProtocolPort(6, 80)]);
        await table.ApplyAsync();

        table.AddMembers(Samples.WebSet, [Samples.Ip("10.1.0.1"), Samples.Net("10.2.0.0/16")]);
        table.RemoveMembers(Samples.WebSet, [Samples.Net("10.0.0.0/24")]);
        table.RemoveMembers("cali60s-web", [Samples.Ip("fd01::1")]);
        table.AddMembers("ports", [SetElement.ProtocolPort(17, 53), SetElement.ProtocolPort(132, 9000)]);
        await table.ApplyAsync();

        var kernel = ns.Ruleset();
        Assert.Equal(["\"10.1.0.1\"", "{\"prefix\": {\"addr\": \"10.2.0.0\", \"len\": 16}}"], kernel.Elements["cali40s-web"]);
        Assert.Equal(["{\"prefix\": {\"addr\": \"fd00::\", \"len\": 64}}"], kernel.Elements["cali60s-web"]);
        Assert.Equal(3, kernel.Elements["ports"].Count);
        Assert.Equal(0, (await table.ResyncAsync()).Commands);
    }

    [PrivilegedFact]
    public async Task ApplyAsync_ChainsRemoved_DeletedInDependencyOrderOrDeferredWhileReferenced()
    {
        using var ns = TestNamespace.Create("nft", "table-remove");
        using var table = new NftablesTableFactory().Open(ns.Handle);
        Samples.Populate(table);
        table.UpdateChains([Chain.Regular("z-top", new Rule("jump m-mid")), Chain.Regular("m-mid", new Rule("jump a-leaf")), Chain.Regular("a-leaf", new Rule("accept"))]);
        await table.ApplyAsync();

        table.RemoveChains(["a-leaf", "m-mid", "z-top"]);
        table.RemoveChain("cali-pi-web");
        table.RemoveSet(Samples.HttpPorts);
        var result = await table.ApplyAsync();

        var kernel = ns.Ruleset();
        Assert.Equal(3, result.ChainsDeleted);
        Assert.Equal(2, result.DeletionsDeferred);
        Assert.DoesNotContain("m-mid", kernel.Chains.Keys);
        Assert.Contains("cali-pi-web", kernel.Chains.Keys);
        Assert.Contains(Samples.HttpPorts.Value, kernel.Sets.Keys);

        table.RemoveVmap(Samples.Dispatch);
        table.RemoveChains(["cali-fw-cali1", "cali-fw-cali2", "cali-FORWARD"]);
        await table.ApplyAsync();

        kernel = ns.Ruleset();
        Assert.Empty(kernel.Chains);
        Assert.Equal(["cali40s-web"], kernel.Sets.Keys);
    }

    [PrivilegedFact]
    public async Task ResyncAsync_AfterDrift_RestoresExactlyTheDesiredState()
    {
        using var ns = TestNamespace.Create("nft", "table-drift");
        using var table = new NftablesTableFactory().Open(ns.Handle);
        Samples.Populate(table);
        await table.ApplyAsync();
        var desired = ns.Ruleset().Describe();

        ns.Nft("flush", "table", "inet", "calico");
        var afterFlush = await table.ResyncAsync();
        Assert.Equal(desired, ns.Ruleset().Describe());
        Assert.Equal(12, afterFlush.RulesWritten);
        Assert.Equal(0, afterFlush.ElementsAdded);

        ns.Nft("delete", "rule", "inet", "calico", "cali-fw-cali1", "handle", RuleHandle(ns, "cali-fw-cali1", 2));
        var afterDelete = await table.ResyncAsync();
        Assert.Equal(desired, ns.Ruleset().Describe());
        Assert.Equal((1, 4), (afterDelete.ChainsRewritten, afterDelete.RulesWritten));

        ns.Nft("add", "element", "inet", "calico", "cali40s-web", "{ 10.99.0.0/16 }");
        ns.Nft("delete", "element", "inet", "calico", "cali40n-web-http", "{ 10.65.0.2 . 6 . 80 }");
        ns.Nft("add", "chain", "inet", "calico", "stray");
        ns.Nft("add", "counter", "inet", "calico", "stray-counter");
        ns.Nft("add", "rule", "inet", "calico", "cali-pi-web", "ip saddr 10.9.9.9 accept");
        var afterStray = await table.ResyncAsync();
        Assert.Equal(desired, ns.Ruleset().Describe());
        Assert.Equal((1, 1, 1, 1, 1), (afterStray.ElementsAdded, afterStray.ElementsRemoved, afterStray.ChainsDeleted, afterStray.ForeignObjectsDeleted, afterStray.ChainsRewritten));

        ns.Nft("delete", "table", "inet", "calico");
        await table.ResyncAsync();
        Assert.Equal(desired, ns.Ruleset().Describe());
    }

    [PrivilegedFact]
    public async Task ApplyAsync_DeltaAfterOutsideDeletion_FallsBackToResync()
    {
        using var ns = TestNamespace.Create("nft", "table-fallback");
        using var table = new NftablesTableFactory().Open(ns.Handle);
        Samples.Populate(table);
        await table.ApplyAsync();
        var desired = ns.Ruleset().Describe();
        ns.Nft("delete", "element", "inet", "calico", "cali40s-web", "{ 10.65.0.1 }");

        table.RemoveMembers(Samples.WebSet, [Samples.Ip("10.65.0.1")]);
        var result = await table.ApplyAsync();

        Assert.True(result.Resynced);
        Assert.Equal(desired.Replace("element cali40s-web: \"10.65.0.1\"\n", string.Empty, StringComparison.Ordinal), ns.Ruleset().Describe());
    }

    [PrivilegedFact]
    public async Task ApplyAsync_RuleThatFailsToParse_ExceptionNamesItAndNothingOfTheTransactionIsApplied()
    {
        using var ns = TestNamespace.Create("nft", "table-bad");
        using var table = new NftablesTableFactory().Open(ns.Handle);
        Samples.Populate(table);
        await table.ApplyAsync();
        var before = ns.Ruleset().Describe();

        table.AddMembers(Samples.WebSet, [Samples.Ip("10.65.7.7")]);
        table.UpdateChain(Chain.Regular("cali-pi-new", new Rule("tcp dport 22 accept")));
        table.UpdateChain(Chain.Regular("cali-pi-bad", new Rule("accept"), new Rule("ip saddr 10.0.0.1 tcp dport 80 acept")));
        var error = await Assert.ThrowsAsync<NftablesException>(async () => await table.ApplyAsync());

        Assert.Equal("rule 2 of chain cali-pi-bad: ip saddr 10.0.0.1 tcp dport 80 acept", error.Subject);
        Assert.StartsWith("add rule inet calico cali-pi-bad ip saddr 10.0.0.1 tcp dport 80 acept", error.FailingCommand, StringComparison.Ordinal);
        Assert.Contains("syntax error", error.NftMessage, StringComparison.Ordinal);
        Assert.Equal(before, ns.Ruleset().Describe());
    }

    [PrivilegedFact]
    public async Task ApplyAsync_RuleTheKernelRejects_ExceptionNamesIt()
    {
        using var ns = TestNamespace.Create("nft", "table-reject");
        using var table = new NftablesTableFactory().Open(ns.Handle);
        table.UpdateChain(Chain.Regular("cali-fw-x", new Rule("ct state invalid drop"), new Rule("jump cali-pi-missing")));

        var error = await Assert.ThrowsAsync<NftablesException>(async () => await table.ApplyAsync());

        Assert.Equal("rule 2 of chain cali-fw-x: jump cali-pi-missing", error.Subject);
        Assert.Empty(ns.Ruleset().Tables);
    }

    [PrivilegedFact]
    public async Task ApplyAsync_AfterRestartWithSameDesiredState_RecognisesItsTableAndSendsNothing()
    {
        using var ns = TestNamespace.Create("nft", "table-restart");
        using (var first = new NftablesTableFactory().Open(ns.Handle))
        {
            Samples.Populate(first);
            await first.ApplyAsync();
        }

        var before = ns.Ruleset().Describe();
        var recording = new RecordingNftClient(new LibNftablesClientFactory().Open(ns.Handle));
        using var second = new NftablesTableFactory().Create(recording);
        Samples.Populate(second);
        second.AddMembers(Samples.WebSet, [Samples.Ip("10.65.3.3")]);

        var result = await second.ApplyAsync();

        Assert.True(result.Resynced);
        Assert.Equal("add element inet calico cali40s-web { 10.65.3.3 }\n", Assert.Single(recording.Transactions));
        Assert.Equal(before + "\nelement cali40s-web: \"10.65.3.3\"", Reordered(ns.Ruleset().Describe(), before));
        await recording.DisposeAsync();
    }

    [PrivilegedFact]
    public async Task ApplyAsync_ThroughNftProcess_SameKernelStateAsLibrary()
    {
        using var viaLibrary = TestNamespace.Create("nft", "table-lib");
        using var viaProcess = TestNamespace.Create("nft", "table-cli");
        using (var library = new NftablesTableFactory().Open(viaLibrary.Handle))
        using (var process = new NftablesTableFactory(new NftCliClientFactory()).Open(viaProcess.Handle))
        {
            Samples.Populate(library);
            Samples.Populate(process);
            await library.ApplyAsync();
            await process.ApplyAsync();
            Assert.Equal(0, (await process.ResyncAsync()).Commands);
        }

        Assert.Equal(viaLibrary.Ruleset().Describe(), viaProcess.Ruleset().Describe());
    }

    [PrivilegedFact]
    public async Task ApplyAsync_TenThousandElementsAndAThousandChains_ProgrammedAndReadBackInSync()
    {
        using var ns = TestNamespace.Create("nft", "table-large");
        using var table = new NftablesTableFactory().Open(ns.Handle);
        table.UpdateSet(Samples.WebSpec, Enumerable.Range(0, 10_000).Select(i => Samples.Ip($"10.{i / 65536}.{i / 256 % 256}.{i % 256}")));
        var endpoints = Enumerable.Range(0, 1000).Select(i => $"cali{i:x11}").ToArray();
        table.UpdateChains(endpoints.Select(e => Chain.Regular($"cali-fw-{e}", new Rule("ct state established,related accept"), new Rule("ip saddr @cali40s-web accept"), new Rule("counter drop"))));
        table.UpdateVmap(Samples.DispatchSpec, endpoints.Select(e => KeyValuePair.Create(SetElement.InterfaceName(e), Verdict.Jump($"cali-fw-{e}"))));
        table.UpdateChain(Samples.Forward);

        var result = await table.ApplyAsync();
        var resync = await table.ResyncAsync();

        var kernel = ns.Ruleset();
        Assert.Equal(10_000, kernel.Elements["cali40s-web"].Count);
        Assert.Equal(1001, kernel.Chains.Count);
        Assert.Equal(1000, kernel.Elements["cali-from-wl-dispatch"].Count);
        Assert.Equal(3002, result.RulesWritten);
        Assert.Equal(0, resync.Commands);
    }

    /// <summary>The handle of the chain's rule at <paramref name="index"/> (0-based), from <c>nft -a -j</c>.</summary>
    private static string RuleHandle(TestNamespace ns, string chain, int index)
    {
        using var document = JsonDocument.Parse(ns.Nft("-a", "-j", "list", "chain", "inet", "calico", chain));
        return document.RootElement.GetProperty("nftables").EnumerateArray()
            .Where(i => i.TryGetProperty("rule", out _))
            .ElementAt(index).GetProperty("rule").GetProperty("handle").ToString();
    }

    /// <summary>The lines of <paramref name="after"/> that are in <paramref name="before"/> in before's order, then the new ones.</summary>
    private static string Reordered(string after, string before)
    {
        var lines = after.Split('\n');
        var old = before.Split('\n').ToHashSet(StringComparer.Ordinal);
        return string.Join('\n', lines.Where(old.Contains).Concat(lines.Where(l => !old.Contains(l))));
    }
}
