using System.Diagnostics;

namespace Calico.Nftables.Benchmarks;

/// <summary>
/// The measurements, all in one scratch namespace. Backends are interleaved, alternating which goes first, so they
/// see the same machine state; setup between timed runs is untimed.
/// </summary>
internal sealed class Scenarios(BenchmarkNamespace ns, INftClient library, Recorder recorder)
{
    public const int Endpoints = 900;
    public const int Policies = 100;
    private const int Warmup = 3;

    private static readonly SetElement[] TenThousand = Workloads.Elements(10_000);
    private static readonly string TenThousandText = $"add element inet bench big {{ {string.Join(", ", TenThousand.Select(e => e.Text))} }}\n";

    /// <summary>The driver's own from-scratch transaction for the ~1000-chain ruleset.</summary>
    public string RulesetText { get; private set; } = string.Empty;

    /// <summary>One set element (a pod starting): libnftables, the driver's apply, an <c>nft</c> process.</summary>
    public async Task OneElementAsync(int iterations)
    {
        await library.RunAsync("add table inet bench\nadd set inet bench one { type ipv4_addr; }\n");
        using var table = new NftablesTableFactory().Create(library, new NftablesTableOptions { Name = "calico-drv" });
        table.UpdateSet(new SetSpec("one", SetKeyType.Ipv4Address), []);
        await table.ApplyAsync();
        const int warmup = Warmup * 10;
        for (var i = 0; i < iterations + warmup; i++)
        {
            foreach (var backend in i % 2 == 0 ? new[] { 0, 1, 2 } : [2, 1, 0])
            {
                var started = Stopwatch.GetTimestamp();
                switch (backend)
                {
                    case 0:
                        await library.RunAsync($"add element inet bench one {{ {Workloads.Address(10, i)} }}");
                        recorder.Record("one_element.libnftables", i, warmup, started);
                        break;
                    case 1:
                        ns.Nft(["add", "element", "inet", "bench", "one", $"{{ {Workloads.Address(11, i)} }}"]);
                        recorder.Record("one_element.nft_process", i, warmup, started);
                        break;
                    default:
                        table.AddMembers("one", [SetElement.Address(Workloads.Address(12, i))]);
                        await table.ApplyAsync();
                        recorder.Record("one_element.driver_apply", i, warmup, started);
                        break;
                }
            }

            var exec = Stopwatch.GetTimestamp();
            Command.Run("ip", ["netns", "exec", ns.Name, "true"]);
            recorder.Record("one_element.ip_netns_exec_true", i, warmup, exec);
        }

        // The same call made directly on one thread inside the namespace: what the client's queue hand-off adds.
        ns.Handle.Run(() => DirectCalls(iterations + warmup, warmup));
    }

    private unsafe bool DirectCalls(int count, int warmup)
    {
        var context = Interop.LibNftables.ContextNew(Interop.LibNftables.ContextDefault);
        _ = Interop.LibNftables.BufferOutput(context);
        _ = Interop.LibNftables.BufferError(context);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var script = System.Text.Encoding.UTF8.GetBytes($"add element inet bench one {{ {Workloads.Address(13, i)} }}\0");
                var started = Stopwatch.GetTimestamp();
                fixed (byte* text = script)
                {
                    if (Interop.LibNftables.RunCommandFromBuffer(context, text) != 0)
                    {
                        throw new InvalidOperationException("direct add element failed");
                    }
                }

                recorder.Record("one_element.libnftables_direct_no_handoff", i, warmup, started);
            }
        }
        finally
        {
            Interop.LibNftables.ContextFree(context);
        }

        return true;
    }

    /// <summary>10,000 addresses into an empty interval set in one transaction.</summary>
    public async Task TenThousandAsync(int iterations)
    {
        await library.RunAsync("add table inet bench\nadd set inet bench big { type ipv4_addr; flags interval; }\n");
        using var table = new NftablesTableFactory().Create(library, new NftablesTableOptions { Name = "calico-drv" });
        var spec = SetSpec.Ipv4Networks(Workloads.BigSet);
        for (var i = 0; i < iterations + Warmup; i++)
        {
            foreach (var backend in i % 2 == 0 ? new[] { 0, 1, 2 } : [2, 1, 0])
            {
                await library.RunAsync("flush set inet bench big");
                table.UpdateSet(spec, []);
                await table.ApplyAsync();
                var started = Stopwatch.GetTimestamp();
                switch (backend)
                {
                    case 0:
                        await library.RunAsync(TenThousandText);
                        recorder.Record("set_10k.libnftables", i, Warmup, started);
                        break;
                    case 1:
                        ns.Nft(["-f", "-"], TenThousandText);
                        recorder.Record("set_10k.nft_process_f", i, Warmup, started);
                        break;
                    default:
                        table.UpdateSet(spec, TenThousand);
                        await table.ApplyAsync();
                        recorder.Record("set_10k.driver_apply", i, Warmup, started);
                        break;
                }
            }
        }
    }

    /// <summary>Removing 100 of 10k: nft's interval delete (per element, against the whole set) versus the driver's flush + re-add.</summary>
    public async Task RemoveHundredAsync(int iterations)
    {
        await library.RunAsync("add table inet bench\nadd set inet bench big { type ipv4_addr; flags interval; }\n");
        var hundred = TenThousand[..100];
        var deleteText = $"delete element inet bench big {{ {string.Join(", ", hundred.Select(e => e.Text))} }}\n";
        using var table = new NftablesTableFactory().Create(library, new NftablesTableOptions { Name = "calico-drv" });
        var spec = SetSpec.Ipv4Networks(Workloads.BigSet);
        for (var i = 0; i < iterations + 1; i++)
        {
            await library.RunAsync("flush set inet bench big");
            await library.RunAsync(TenThousandText);
            table.UpdateSet(spec, TenThousand);
            await table.ApplyAsync();
            var started = Stopwatch.GetTimestamp();
            await library.RunAsync(deleteText);
            recorder.Record("remove_100_of_10k.libnftables_delete_element", i, 1, started);
            started = Stopwatch.GetTimestamp();
            table.RemoveMembers(Workloads.BigSet, hundred);
            await table.ApplyAsync();
            recorder.Record("remove_100_of_10k.driver_apply_rebuild", i, 1, started);
        }
    }

    /// <summary>~1000 chains from scratch (calico-node start): the driver's transaction text through libnftables and <c>nft -f</c>, and the driver from the model.</summary>
    public async Task RulesetAsync(int iterations)
    {
        var capture = new CapturingClient();
        using (var capturing = new NftablesTableFactory().Create(capture))
        {
            Workloads.PopulateRuleset(capturing, Endpoints, Policies);
            await capturing.ApplyAsync();
        }

        RulesetText = capture.Transaction!;
        for (var i = 0; i < iterations + Warmup; i++)
        {
            foreach (var backend in i % 2 == 0 ? new[] { 0, 1, 2 } : [2, 1, 0])
            {
                await DeleteCalicoTableAsync();
                var started = Stopwatch.GetTimestamp();
                switch (backend)
                {
                    case 0:
                        await library.RunAsync(RulesetText);
                        recorder.Record("ruleset_1k_chains.libnftables", i, Warmup, started);
                        break;
                    case 1:
                        ns.Nft(["-f", "-"], RulesetText);
                        recorder.Record("ruleset_1k_chains.nft_process_f", i, Warmup, started);
                        break;
                    default:
                        using (var table = new NftablesTableFactory().Create(library))
                        {
                            Workloads.PopulateRuleset(table, Endpoints, Policies);
                            await table.ApplyAsync();
                        }

                        recorder.Record("ruleset_1k_chains.driver_model_to_kernel", i, Warmup, started);
                        break;
                }
            }
        }
    }

    /// <summary>A resync of that ruleset that finds nothing to do (list as JSON, parse, compare), and the bare listing.</summary>
    public async Task ResyncAsync(int iterations)
    {
        await DeleteCalicoTableAsync();
        using var table = new NftablesTableFactory().Create(library);
        Workloads.PopulateRuleset(table, Endpoints, Policies);
        await table.ApplyAsync();
        for (var i = 0; i < iterations + Warmup; i++)
        {
            var started = Stopwatch.GetTimestamp();
            if ((await table.ResyncAsync()).Commands != 0)
            {
                throw new InvalidOperationException("a resync of an unchanged table sent a transaction");
            }

            recorder.Record("ruleset_1k_chains.driver_resync_in_sync", i, Warmup, started);
            started = Stopwatch.GetTimestamp();
            _ = await library.RunAsync("list table inet calico", NftOutputFlags.Json | NftOutputFlags.Stateless | NftOutputFlags.NumericProtocol);
            recorder.Record("ruleset_1k_chains.libnftables_list_json", i, Warmup, started);
        }
    }

    private async Task DeleteCalicoTableAsync()
    {
        if ((await library.RunAsync("list tables")).Contains("inet calico\n", StringComparison.Ordinal))
        {
            await library.RunAsync("delete table inet calico");
        }
    }
}
