using System.Text.Json;

namespace Calico.Felix.Dataplane.Tests.Infrastructure;

/// <summary>What <c>nft -j list ruleset</c> shows of table inet calico: chains (with hook), rule counts, sets and maps with their elements.</summary>
internal sealed record KernelRuleset(
    IReadOnlyDictionary<string, string> Chains,
    IReadOnlyDictionary<string, int> RuleCounts,
    IReadOnlyDictionary<string, string> Sets,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Elements)
{
    public static KernelRuleset Read(TestNamespace ns)
    {
        var chains = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var sets = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var elements = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(ns.Nft("-j", "list", "ruleset"));
        foreach (var item in document.RootElement.GetProperty("nftables").EnumerateArray())
        {
            foreach (var property in item.EnumerateObject())
            {
                var body = property.Value;
                if (property.Name != "metainfo" && (!body.TryGetProperty("table", out var table) || table.GetString() != "calico"))
                {
                    continue;
                }

                switch (property.Name)
                {
                    case "chain":
                        chains[body.GetProperty("name").GetString()!] = body.TryGetProperty("hook", out var hook)
                            ? $"{body.GetProperty("type").GetString()} {hook.GetString()} {body.GetProperty("prio")}"
                            : "regular";
                        break;
                    case "rule":
                        var chain = body.GetProperty("chain").GetString()!;
                        counts[chain] = counts.GetValueOrDefault(chain) + 1;
                        break;
                    case "set" or "map":
                        var name = body.GetProperty("name").GetString()!;
                        sets[name] = $"{property.Name} {body.GetProperty("type").GetRawText()}";
                        elements[name] = body.TryGetProperty("elem", out var elem)
                            ? [.. elem.EnumerateArray().Select(e => e.GetRawText()).Order(StringComparer.Ordinal)]
                            : [];
                        break;
                }
            }
        }

        return new KernelRuleset(chains, counts, sets, elements);
    }

    public int RuleCount(string chain) => RuleCounts.GetValueOrDefault(chain);
}
