using System.Globalization;
using System.Text.Json;
using Calico.Nftables;
using Calico.Nftables.Benchmarks;

// Usage (root): dotnet run -c Release --project benchmarks/Calico.Nftables.Benchmarks -- [single-iterations] [bulk-iterations] [scenarios]
// scenarios: a comma-separated subset of one,set,remove,ruleset,resync (default: all of these), and members (the managed
// heap kept for 250k programmed IP set members; only when named).
// Everything happens in one scratch namespace (calico-bench-nft-*), never in the namespace this process runs in.
var singleIterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var bulkIterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
var selected = (args.Length > 2 ? args[2] : "one,set,remove,ruleset,resync").Split(',').ToHashSet(StringComparer.Ordinal);

var recorder = new Recorder();
string rulesetText;
long? memberBytes = null;
using (var ns = BenchmarkNamespace.Create())
await using (var library = new LibNftablesClientFactory().Open(ns.Handle))
{
    var scenarios = new Scenarios(ns, library, recorder);
    foreach (var (name, run) in new (string, Func<Task>)[]
    {
        ("one", () => scenarios.OneElementAsync(singleIterations)),
        ("set", () => scenarios.TenThousandAsync(bulkIterations)),
        ("remove", () => scenarios.RemoveHundredAsync(Math.Max(3, bulkIterations / 3))),
        ("ruleset", () => scenarios.RulesetAsync(bulkIterations)),
        ("resync", () => scenarios.ResyncAsync(bulkIterations)),
    })
    {
        if (selected.Contains(name))
        {
            Console.Error.WriteLine($"{ns.Name}: {name}");
            await run();
            await library.RunAsync("flush ruleset");
        }
    }

    rulesetText = scenarios.RulesetText;
    if (selected.Contains("members"))
    {
        Console.Error.WriteLine($"{ns.Name}: members");
        memberBytes = await MemberMemory.RetainedBytesAsync(library);
        await library.RunAsync("flush ruleset");
    }
}

var summaries = recorder.Samples.ToDictionary(s => s.Key, s => LatencySummary.Of(s.Value));
using var output = Console.OpenStandardOutput();
using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
json.WriteStartObject();
json.WriteString("nft", Command.Run("nft", ["--version"]).Trim());
json.WriteString("kernel", Environment.OSVersion.VersionString);
json.WriteNumber("processors", Environment.ProcessorCount);
json.WriteString("load_average_at_end", File.ReadAllText("/proc/loadavg").Trim());
json.WriteNumber("single_iterations", singleIterations);
json.WriteNumber("bulk_iterations", bulkIterations);
json.WriteString("ruleset", $"{Scenarios.Endpoints + Scenarios.Policies + 1} chains, {(Scenarios.Endpoints * 4) + (Scenarios.Policies * 3) + 2} rules, {Scenarios.Policies} sets x 10, vmap x {Scenarios.Endpoints}"
    + (rulesetText.Length > 0 ? $": {rulesetText.Count(c => c == '\n')} lines, {rulesetText.Length / 1024} KiB" : string.Empty));
foreach (var (name, summary) in summaries.OrderBy(s => s.Key, StringComparer.Ordinal))
{
    summary.WriteTo(json, name);
}

if (memberBytes is { } bytes)
{
    json.WriteStartObject("members_memory");
    json.WriteNumber("elements", MemberMemory.Elements);
    json.WriteNumber("retained_managed_bytes", bytes);
    json.WriteNumber("bytes_per_element", Math.Round((double)bytes / MemberMemory.Elements, 1));
    json.WriteEndObject();
}

json.WriteStartObject("ratio_of_medians");
foreach (var (name, slow, fast) in new[]
{
    ("one_element.nft_process_over_libnftables", "one_element.nft_process", "one_element.libnftables"),
    ("one_element.driver_apply_over_libnftables", "one_element.driver_apply", "one_element.libnftables"),
    ("set_10k.nft_process_f_over_libnftables", "set_10k.nft_process_f", "set_10k.libnftables"),
    ("set_10k.driver_apply_over_libnftables", "set_10k.driver_apply", "set_10k.libnftables"),
    ("remove_100_of_10k.libnftables_delete_over_driver_rebuild", "remove_100_of_10k.libnftables_delete_element", "remove_100_of_10k.driver_apply_rebuild"),
    ("ruleset_1k_chains.nft_process_f_over_libnftables", "ruleset_1k_chains.nft_process_f", "ruleset_1k_chains.libnftables"),
    ("ruleset_1k_chains.driver_model_to_kernel_over_libnftables", "ruleset_1k_chains.driver_model_to_kernel", "ruleset_1k_chains.libnftables"),
})
{
    if (summaries.TryGetValue(slow, out var s) && summaries.TryGetValue(fast, out var f))
    {
        json.WriteNumber(name, Math.Round(s.Median / f.Median, 1));
    }
}

json.WriteEndObject();
json.WriteEndObject();
json.Flush();
Console.WriteLine();
