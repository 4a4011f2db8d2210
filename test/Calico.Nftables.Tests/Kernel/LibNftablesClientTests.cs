using Calico.Nftables.Tests.Infrastructure;
using Calico.Testing;

namespace Calico.Nftables.Tests.Kernel;

/// <summary>libnftables by P/Invoke, on a thread inside a namespace each test creates; checked with <c>ip netns exec NS nft</c>.</summary>
[Collection(KernelCollection.Name)]
public sealed class LibNftablesClientTests
{
    private const string BadOnLine3 = "add table inet t\nadd chain inet t c\nadd rule inet t c ip saddr 10.0.0.1 acept\nadd rule inet t c accept\n";
    private const string KernelRejectsLine3 = "add table inet t\nadd chain inet t c\nadd rule inet t c jump nochain\n";

    [PrivilegedFact]
    public async Task RunAsync_Script_AppliedOnlyInItsNamespace()
    {
        using var a = TestNamespace.Create("nft", "client-a");
        using var b = TestNamespace.Create("nft", "client-b");
        await using var client = new LibNftablesClientFactory().Open(a.Handle);

        await client.RunAsync("add table inet calico\nadd chain inet calico c\n");

        Assert.Equal(["inet calico"], a.Ruleset().Tables);
        Assert.Empty(b.Ruleset().Tables);
    }

    [PrivilegedFact]
    public async Task RunAsync_ListAsJson_ReturnsNftJson()
    {
        using var ns = TestNamespace.Create("nft", "client-json");
        await using var client = new LibNftablesClientFactory().Open(ns.Handle);
        await client.RunAsync("add table inet calico\nadd set inet calico s { type inet_proto . inet_service; }\nadd element inet calico s { tcp . 80 }\n");

        var json = await client.RunAsync("list set inet calico s", NftOutputFlags.Json | NftOutputFlags.NumericProtocol);

        Assert.Contains("\"concat\": [6, 80]", json, StringComparison.Ordinal);
    }

    [PrivilegedFact]
    public async Task RunAsync_SyntaxErrorOnLine3_ErrorNamesTheLineAndNothingIsApplied()
    {
        using var ns = TestNamespace.Create("nft", "client-syntax");
        await using var client = new LibNftablesClientFactory().Open(ns.Handle);

        var error = await Assert.ThrowsAsync<NftablesException>(async () => await client.RunAsync(BadOnLine3));

        Assert.Equal(3, error.Line);
        Assert.Equal("add rule inet t c ip saddr 10.0.0.1 acept", error.FailingCommand);
        Assert.Contains("syntax error", error.Message, StringComparison.Ordinal);
        Assert.Empty(ns.Ruleset().Tables);
    }

    [PrivilegedFact]
    public async Task RunAsync_KernelRejectsLine3_ErrorNamesTheLineAndNothingIsApplied()
    {
        using var ns = TestNamespace.Create("nft", "client-kernel");
        await using var client = new LibNftablesClientFactory().Open(ns.Handle);

        var error = await Assert.ThrowsAsync<NftablesException>(async () => await client.RunAsync(KernelRejectsLine3));

        Assert.Equal(3, error.Line);
        Assert.Equal("add rule inet t c jump nochain", error.FailingCommand);
        Assert.Empty(ns.Ruleset().Tables);
    }

    [PrivilegedFact]
    public async Task RunAsync_ManyConcurrentCallers_AllServedInOrderOfArrival()
    {
        using var ns = TestNamespace.Create("nft", "client-concurrent");
        await using var client = new LibNftablesClientFactory().Open(ns.Handle);
        await client.RunAsync("add table inet calico\nadd set inet calico s { type ipv4_addr; }\n");

        await Task.WhenAll(Enumerable.Range(1, 100).Select(i => client.RunAsync($"add element inet calico s {{ 10.0.{i / 250}.{i % 250} }}").AsTask()));

        Assert.Equal(100, ns.Ruleset().Elements["s"].Count);
    }

    [PrivilegedFact]
    public async Task RunAsync_AfterDispose_ObjectDisposed()
    {
        using var ns = TestNamespace.Create("nft", "client-disposed");
        var client = new LibNftablesClientFactory().Open(ns.Handle);
        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await client.RunAsync("list ruleset"));
    }

    [PrivilegedFact]
    public async Task RunAsync_Cancelled_NotRun()
    {
        using var ns = TestNamespace.Create("nft", "client-cancel");
        await using var client = new LibNftablesClientFactory().Open(ns.Handle);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await client.RunAsync("add table inet calico", cancellationToken: new CancellationToken(true)));

        Assert.Empty(ns.Ruleset().Tables);
    }

    [PrivilegedFact]
    public async Task NftCliClient_SameScripts_SameResultsAndLocatedErrors()
    {
        using var ns = TestNamespace.Create("nft", "client-cli");
        await using var client = new NftCliClientFactory().Open(ns.Handle);

        var error = await Assert.ThrowsAsync<NftablesException>(async () => await client.RunAsync(BadOnLine3));
        await client.RunAsync("add table inet calico\nadd chain inet calico c\n");
        var json = await client.RunAsync("list table inet calico", NftOutputFlags.Json);

        Assert.Equal(3, error.Line);
        Assert.Equal("add rule inet t c ip saddr 10.0.0.1 acept", error.FailingCommand);
        Assert.Equal(["inet calico"], ns.Ruleset().Tables);
        Assert.Contains("\"name\": \"c\"", json, StringComparison.Ordinal);
    }

    [PrivilegedFact]
    public async Task NftCliClient_RunUtf8Async_SameBytesAsTheStringListing()
    {
        using var ns = TestNamespace.Create("nft", "client-utf8");
        await using var client = new NftCliClientFactory().Open(ns.Handle);
        await client.RunAsync("add table inet calico\nadd chain inet calico c\nadd set inet calico s { type ipv4_addr; flags interval; }\nadd element inet calico s { 10.0.0.1, 10.1.0.0/16 }\n");

        var text = await client.RunAsync("list table inet calico", NftOutputFlags.Json);
        var bytes = await client.RunUtf8Async("list table inet calico", NftOutputFlags.Json);

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), bytes.ToArray());
        Assert.Contains("10.1.0.0", text, StringComparison.Ordinal);
    }

    [PrivilegedFact]
    public async Task NftCliClient_RunUtf8ScriptAsync_ChunksAppliedAndErrorsLocated()
    {
        using var ns = TestNamespace.Create("nft", "client-chunks");
        await using var client = new NftCliClientFactory().Open(ns.Handle);
        var script = new NftScript(TableName.Calico);
        script.Add("add table inet calico", "table");
        script.Add("add set inet calico s { type ipv4_addr; }", "set");
        script.AddElements("add", "s", Enumerable.Range(0, 20_000).Select(i => $"10.{i / 256}.{i % 256}.1"), "elements");
        var bad = new NftScript(TableName.Calico);
        bad.Add("add table inet t", "table");
        bad.Add("add chain inet t c", "chain");
        bad.Add("add rule inet t c ip saddr 10.0.0.1 acept", "rule");

        await client.RunUtf8ScriptAsync(script.Utf8);
        var error = await Assert.ThrowsAsync<NftablesException>(async () => await client.RunUtf8ScriptAsync(bad.Utf8));

        Assert.False(script.Utf8.IsSingleSegment);
        Assert.Contains("10.78.31.1", await client.RunAsync("list set inet calico s"), StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
        Assert.Equal("add rule inet t c ip saddr 10.0.0.1 acept", error.FailingCommand);
        Assert.Equal(["inet calico"], ns.Ruleset().Tables);
    }
}
