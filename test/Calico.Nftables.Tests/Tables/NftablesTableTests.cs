using System.Text.RegularExpressions;
using Calico.Nftables.Tests.Infrastructure;
using Calico.Nftables.Tests.Reconcile;

namespace Calico.Nftables.Tests.Tables;

/// <summary>The driver against an in-memory client: assertions are on the transaction text it sends.</summary>
public sealed partial class NftablesTableTests
{
    private readonly FakeNftClient _client = new();
    private readonly ITable _table;

    public NftablesTableTests() => _table = new NftablesTableFactory().Create(_client);

    [Fact]
    public async Task ApplyAsync_FirstApplyNoTable_OneTransactionInDependencyOrder()
    {
        Samples.Populate(_table);

        var result = await _table.ApplyAsync();

        Assert.True(result.Resynced);
        Assert.Equal(["list table inet calico"], _client.Lists);
        var expected = """
            add table inet calico
            add map inet calico cali-from-wl-dispatch { type ifname : verdict; }
            add set inet calico cali40n-web-http { type ipv4_addr . inet_proto . inet_service; }
            add set inet calico cali40s-web { type ipv4_addr; flags interval; }
            add chain inet calico cali-FORWARD { type filter hook forward priority 0; policy accept; }
            add chain inet calico cali-fw-cali1
            add chain inet calico cali-fw-cali2
            add chain inet calico cali-pi-web
            add element inet calico cali-from-wl-dispatch { "cali1" : jump cali-fw-cali1, "cali2" : jump cali-fw-cali2 }
            add element inet calico cali40n-web-http { 10.65.0.2 . 6 . 80, 10.65.0.3 . 6 . 80 }
            add element inet calico cali40s-web { 10.65.0.1, 10.65.1.0/24 }
            add rule inet calico cali-FORWARD iifname vmap @cali-from-wl-dispatch comment "cali:ID from workload dispatch"
            add rule inet calico cali-FORWARD meta mark & 0x10000 == 0x10000 accept comment "cali:ID"
            add rule inet calico cali-fw-cali1 ct state established,related accept comment "cali:ID"
            add rule inet calico cali-fw-cali1 ct state invalid drop comment "cali:ID"
            add rule inet calico cali-fw-cali1 jump cali-pi-web comment "cali:ID"
            add rule inet calico cali-fw-cali1 counter drop comment "cali:ID Drop if no policies passed packet"
            add rule inet calico cali-fw-cali2 ct state established,related accept comment "cali:ID"
            add rule inet calico cali-fw-cali2 ct state invalid drop comment "cali:ID"
            add rule inet calico cali-fw-cali2 jump cali-pi-web comment "cali:ID"
            add rule inet calico cali-fw-cali2 counter drop comment "cali:ID Drop if no policies passed packet"
            add rule inet calico cali-pi-web ip saddr @cali40s-web tcp dport 80 accept comment "cali:ID"
            add rule inet calico cali-pi-web ip daddr . meta l4proto . th dport @cali40n-web-http accept comment "cali:ID"

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Normalized(Assert.Single(_client.Transactions)));
        Assert.Equal(4, result.ChainsCreated);
        Assert.Equal(12, result.RulesWritten);
        Assert.Equal(3, result.SetsCreated);
        Assert.Equal(6, result.ElementsAdded);
    }

    [Fact]
    public async Task ApplyAsync_NothingChanged_SendsNothing()
    {
        await ApplySampleAsync();

        var result = await _table.ApplyAsync();

        Assert.Equal(0, result.Commands);
        Assert.False(result.Resynced);
        Assert.Single(_client.Transactions);
    }

    [Fact]
    public async Task ApplyAsync_OneMemberAdded_OnlyThatElement()
    {
        await ApplySampleAsync();

        _table.AddMembers(Samples.WebSet, [Samples.Net("10.65.2.0/24")]);
        var result = await _table.ApplyAsync();

        Assert.Equal("add element inet calico cali40s-web { 10.65.2.0/24 }\n", _client.LastTransaction);
        Assert.Equal(1, result.ElementsAdded);
        Assert.Equal(1, result.Commands);
    }

    [Fact]
    public async Task ApplyAsync_MemberRemovedAndAnotherAdded_DeleteThenAdd()
    {
        await ApplySampleAsync();

        _table.UpdateSet(Samples.HttpSpec, [Samples.Http("10.65.0.3"), Samples.Http("10.65.0.4")]);
        await _table.ApplyAsync();

        Assert.Equal(
            "delete element inet calico cali40n-web-http { 10.65.0.2 . 6 . 80 }\nadd element inet calico cali40n-web-http { 10.65.0.4 . 6 . 80 }\n",
            _client.LastTransaction);
    }

    [Fact]
    public async Task ApplyAsync_IntervalSetLosesManyElements_RebuiltInOneTransaction()
    {
        var many = Enumerable.Range(1, 10).Select(i => Samples.Ip($"10.66.0.{i}")).ToArray();
        await ApplySampleAsync();
        _table.AddMembers(Samples.WebSet, many);
        await _table.ApplyAsync();

        _table.RemoveMembers(Samples.WebSet, many[..5]);
        var result = await _table.ApplyAsync();

        Assert.Equal(
            "flush set inet calico cali40s-web\nadd element inet calico cali40s-web { 10.65.0.1, 10.65.1.0/24, 10.66.0.10, 10.66.0.6, 10.66.0.7, 10.66.0.8, 10.66.0.9 }\n",
            _client.LastTransaction);
        Assert.Equal((1, 5), (result.SetsRebuilt, result.ElementsRemoved));
        _table.RemoveMembers(Samples.WebSet, many[5..9]);
        await _table.ApplyAsync();
        Assert.Equal("delete element inet calico cali40s-web { 10.66.0.6, 10.66.0.7, 10.66.0.8, 10.66.0.9 }\n", _client.LastTransaction);
    }

    [Fact]
    public async Task ApplyAsync_OneChainChanged_FlushAndRewriteOnlyThatChain()
    {
        await ApplySampleAsync();

        _table.UpdateChain(Chain.Regular("cali-pi-web", new Rule("ip saddr @cali40s-web tcp dport { 80, 443 } accept")));
        var result = await _table.ApplyAsync();

        Assert.Equal(
            "flush chain inet calico cali-pi-web\nadd rule inet calico cali-pi-web ip saddr @cali40s-web tcp dport { 80, 443 } accept comment \"cali:ID\"\n",
            Normalized(_client.LastTransaction));
        Assert.Equal(1, result.ChainsRewritten);
        Assert.Equal(1, result.RulesWritten);
    }

    [Fact]
    public async Task ApplyAsync_VmapVerdictChanged_DeleteAndAddThatKey()
    {
        await ApplySampleAsync();

        _table.SetVmapElement(Samples.Dispatch, SetElement.InterfaceName("cali2"), Verdict.Drop);
        await _table.ApplyAsync();

        Assert.Equal(
            "delete element inet calico cali-from-wl-dispatch { \"cali2\" }\nadd element inet calico cali-from-wl-dispatch { \"cali2\" : drop }\n",
            _client.LastTransaction);
    }

    [Fact]
    public async Task ApplyAsync_EndpointRemoved_MapElementGoesBeforeItsChain()
    {
        await ApplySampleAsync();

        _table.RemoveVmapElement(Samples.Dispatch, SetElement.InterfaceName("cali2"));
        _table.RemoveChain("cali-fw-cali2");
        var result = await _table.ApplyAsync();

        Assert.Equal(
            """
            delete element inet calico cali-from-wl-dispatch { "cali2" }
            flush chain inet calico cali-fw-cali2
            delete chain inet calico cali-fw-cali2

            """.ReplaceLineEndings("\n"),
            _client.LastTransaction);
        Assert.Equal(1, result.ChainsDeleted);
    }

    [Fact]
    public async Task ApplyAsync_ChainsRemovedTogether_DeletedReferrersFirst()
    {
        _client.ListOutput = null;
        _table.UpdateChains([
            Chain.Regular("z-top", new Rule("jump m-mid")),
            Chain.Regular("m-mid", new Rule("jump a-leaf")),
            Chain.Regular("a-leaf", new Rule("accept")),
        ]);
        await _table.ApplyAsync();

        _table.RemoveChains(["a-leaf", "m-mid", "z-top"]);
        await _table.ApplyAsync();

        var deletes = _client.LastTransaction.Split('\n').Where(l => l.StartsWith("delete chain", StringComparison.Ordinal));
        Assert.Equal(["delete chain inet calico z-top", "delete chain inet calico m-mid", "delete chain inet calico a-leaf"], deletes);
        Assert.StartsWith("flush chain", _client.LastTransaction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_RemovedChainStillJumpedTo_DeferredUntilUnreferenced()
    {
        await ApplySampleAsync();

        _table.RemoveChain("cali-pi-web");
        var first = await _table.ApplyAsync();

        Assert.Equal(0, first.Commands);
        Assert.Equal(1, first.DeletionsDeferred);

        _table.UpdateChains([NoPolicy("cali1"), NoPolicy("cali2")]);
        var second = await _table.ApplyAsync();

        Assert.Equal(1, second.ChainsDeleted);
        Assert.EndsWith("flush chain inet calico cali-pi-web\ndelete chain inet calico cali-pi-web\n", _client.LastTransaction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_RemovedSetStillLookedUp_DeferredThenDeletedAfterTheRule()
    {
        await ApplySampleAsync();

        _table.RemoveSet(Samples.WebSet);
        Assert.Equal(1, (await _table.ApplyAsync()).DeletionsDeferred);

        _table.UpdateChain(Chain.Regular("cali-pi-web", new Rule("ip daddr . meta l4proto . th dport @cali40n-web-http accept")));
        await _table.ApplyAsync();

        var lines = _client.LastTransaction.Split('\n');
        Assert.Equal("flush chain inet calico cali-pi-web", lines[0]);
        Assert.Equal("delete set inet calico cali40s-web", lines[2]);
    }

    [Fact]
    public async Task ApplyAsync_SetTypeChanged_ReferrersFlushedSetRecreatedRulesRewritten()
    {
        await ApplySampleAsync();

        _table.UpdateSet(new SetSpec(Samples.WebSet, SetKeyType.Ipv4Address, Interval: false), [Samples.Ip("10.65.0.9")]);
        await _table.ApplyAsync();

        Assert.Equal(
            """
            flush chain inet calico cali-pi-web
            delete set inet calico cali40s-web
            add set inet calico cali40s-web { type ipv4_addr; }
            add element inet calico cali40s-web { 10.65.0.9 }
            add rule inet calico cali-pi-web ip saddr @cali40s-web tcp dport 80 accept comment "cali:ID"
            add rule inet calico cali-pi-web ip daddr . meta l4proto . th dport @cali40n-web-http accept comment "cali:ID"

            """.ReplaceLineEndings("\n"),
            Normalized(_client.LastTransaction));
    }

    [Fact]
    public async Task ApplyAsync_PolicyChanged_ChainUpdatedInPlace()
    {
        await ApplySampleAsync();

        _table.UpdateChain(Chain.Hooked("cali-FORWARD", new BaseChainSpec(ChainType.Filter, ChainHook.Forward, 0, ChainPolicy.Drop), Samples.Forward.Rules));
        await _table.ApplyAsync();

        Assert.Equal("add chain inet calico cali-FORWARD { type filter hook forward priority 0; policy drop; }\n", _client.LastTransaction);
    }

    [Fact]
    public async Task ApplyAsync_HookChanged_ChainRecreatedInTheSameTransaction()
    {
        await ApplySampleAsync();

        _table.UpdateChain(Chain.Hooked("cali-FORWARD", new BaseChainSpec(ChainType.Filter, ChainHook.Input, 0), Samples.Forward.Rules));
        await _table.ApplyAsync();

        var lines = Normalized(_client.LastTransaction).Split('\n');
        Assert.Equal(
            [
                "flush chain inet calico cali-FORWARD",
                "delete chain inet calico cali-FORWARD",
                "add chain inet calico cali-FORWARD { type filter hook input priority 0; policy accept; }",
            ],
            lines[..3]);
        Assert.Equal(2, lines.Count(l => l.StartsWith("add rule inet calico cali-FORWARD", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ApplyAsync_DeltaRejected_RetriedAsResync()
    {
        await ApplySampleAsync();
        _client.ListOutput = null;
        _client.FailNext(new NftablesException("run nft script", "Error: Could not process rule: No such file or directory"));

        _table.AddMembers(Samples.WebSet, [Samples.Ip("10.65.9.9")]);
        var result = await _table.ApplyAsync();

        Assert.True(result.Resynced);
        Assert.Equal(3, _client.Transactions.Count);
        Assert.StartsWith("add table inet calico\n", _client.LastTransaction, StringComparison.Ordinal);
        Assert.Contains("10.65.9.9", _client.LastTransaction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_RuleRejected_ExceptionNamesTheRuleAndNothingIsRecorded()
    {
        _table.UpdateChain(Chain.Regular("cali-pi-bad", new Rule("accept"), new Rule("ip saddr 10.0.0.1 acept")));
        _client.FailNext(new NftablesException("run nft script", "/dev/stdin:4:31-35: Error: syntax error", [new NftError("Error: syntax error", 4, 31, 35)], "add rule inet calico cali-pi-bad ip saddr 10.0.0.1 acept"));

        var error = await Assert.ThrowsAsync<NftablesException>(async () => await _table.ApplyAsync());

        Assert.Equal("rule 2 of chain cali-pi-bad: ip saddr 10.0.0.1 acept", error.Subject);
        Assert.Equal("apply table inet calico", error.Operation);
        Assert.Equal(4, error.Line);
        Assert.Contains("rule 2 of chain cali-pi-bad", error.Message, StringComparison.Ordinal);

        await _table.ApplyAsync();
        Assert.Equal(2, _client.Lists.Count);
        Assert.Equal(_client.Transactions[0], _client.Transactions[1]);
    }

    [Fact]
    public async Task ResyncAsync_ForeignTableContents_AllDeletedInDependencyOrder()
    {
        _client.ListOutput = KernelTableParserTestsData.Captured;

        var result = await _table.ResyncAsync();

        Assert.Equal(
            """
            flush chain inet calico cali-INPUT
            flush chain inet calico cali-fw-cali123
            flush chain inet calico cali-fw-cali123x
            delete map inet calico disp
            delete set inet calico np
            delete set inet calico s4
            delete set inet calico t
            delete chain inet calico cali-INPUT
            delete chain inet calico cali-fw-cali123
            delete chain inet calico cali-fw-cali123x
            delete counter inet calico c1

            """.ReplaceLineEndings("\n"),
            _client.LastTransaction);
        Assert.Equal(1, result.ForeignObjectsDeleted);
    }

    [Fact]
    public void UpdateSet_PrefixInSetWithoutInterval_Throws() =>
        Assert.Throws<ArgumentException>(() => _table.UpdateSet(new SetSpec("s", SetKeyType.Ipv4Address), [Samples.Net("10.0.0.0/8")]));

    [Fact]
    public void UpdateSet_ElementOfAnotherType_Throws() =>
        Assert.Throws<ArgumentException>(() => _table.UpdateSet(new SetSpec("s", SetKeyType.Ipv6Address), [Samples.Ip("10.0.0.1")]));

    [Fact]
    public void AddMembers_UndeclaredSet_Throws() =>
        Assert.Throws<InvalidOperationException>(() => _table.AddMembers("nope", [Samples.Ip("10.0.0.1")]));

    [Fact]
    public void UpdateVmap_NameOfASet_Throws()
    {
        _table.UpdateSet(Samples.WebSpec, []);

        Assert.Throws<ArgumentException>(() => _table.UpdateVmap(new VmapSpec(Samples.WebSet, SetKeyType.IfName), []));
    }

    [Fact]
    public async Task NoopTable_IsATable_AcceptsEverythingProgramsNothing()
    {
        ITable table = new NoopTable();

        Samples.Populate(table);

        Assert.Equal(ApplyResult.Unchanged, await table.ApplyAsync());
        Assert.Equal(ApplyResult.Unchanged, await table.ResyncAsync());
    }

    [Fact]
    public void Open_WithoutANamespace_Rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new NftablesTableFactory().Open(null!));
        Assert.Throws<ArgumentNullException>(() => new LibNftablesClientFactory().Open(null!));
        Assert.Throws<ArgumentNullException>(() => new NftCliClientFactory().Open(null!));
    }

    private static Chain NoPolicy(string iface) => Chain.Regular($"cali-fw-{iface}", new Rule("ct state established,related accept"), new Rule("counter drop"));

    private async Task ApplySampleAsync()
    {
        Samples.Populate(_table);
        await _table.ApplyAsync();
    }

    private static string Normalized(string script) => IdPattern().Replace(script, "cali:ID");

    [GeneratedRegex("cali:[A-Za-z0-9_-]{16}")]
    private static partial Regex IdPattern();
}
