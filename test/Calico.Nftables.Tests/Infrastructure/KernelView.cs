using System.Text.Json;

namespace Calico.Nftables.Tests.Infrastructure;

/// <summary>
/// What <c>nft -j list ruleset</c> shows, reduced to comparable text: tables, chains (with hook), rules (the
/// expression JSON and comment, without handles), sets and maps (type, flags, sorted elements). Two views are
/// equal when the kernel holds exactly the same thing.
/// </summary>
internal sealed record KernelView(IReadOnlyList<string> Tables, IReadOnlyDictionary<string, string> Chains, IReadOnlyDictionary<string, IReadOnlyList<string>> Rules, IReadOnlyDictionary<string, string> Sets, IReadOnlyDictionary<string, IReadOnlyList<string>> Elements)
{
    public static KernelView Parse(string json)
    {
        var tables = new List<string>();
        var chains = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var rules = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var sets = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var elements = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var item in document.RootElement.GetProperty("nftables").EnumerateArray())
        {
            foreach (var property in item.EnumerateObject())
            {
                var body = property.Value;
                switch (property.Name)
                {
                    case "table":
                        tables.Add($"{body.GetProperty("family").GetString()} {body.GetProperty("name").GetString()}");
                        break;
                    case "chain":
                        chains[body.GetProperty("name").GetString()!] = body.TryGetProperty("hook", out var hook)
                            ? $"{body.GetProperty("type").GetString()} {hook.GetString()} {body.GetProperty("prio")} {body.GetProperty("policy").GetString()}"
                            : "regular";
                        break;
                    case "rule":
                        var chain = body.GetProperty("chain").GetString()!;
                        var list = rules.TryGetValue(chain, out var existing) ? (List<string>)existing : [];
                        rules[chain] = list;
                        var comment = body.TryGetProperty("comment", out var c) ? c.GetString() : null;
                        list.Add($"{body.GetProperty("expr").GetRawText()} # {comment}");
                        break;
                    case "set" or "map":
                        var name = body.GetProperty("name").GetString()!;
                        sets[name] = $"{property.Name} {body.GetProperty("type").GetRawText()}" +
                            (body.TryGetProperty("map", out var data) ? $" : {data.GetRawText()}" : string.Empty) +
                            (body.TryGetProperty("flags", out var flags) ? $" flags {flags.GetRawText()}" : string.Empty);
                        elements[name] = body.TryGetProperty("elem", out var elem)
                            ? [.. elem.EnumerateArray().Select(e => e.GetRawText()).Order(StringComparer.Ordinal)]
                            : [];
                        break;
                }
            }
        }

        return new KernelView(tables, chains, rules, sets, elements);
    }

    public int RuleCount(string chain) => Rules.TryGetValue(chain, out var list) ? list.Count : 0;

    /// <summary>Everything, one line per fact, for equality and readable diffs.</summary>
    public string Describe() => string.Join('\n',
        Tables.Select(t => $"table {t}")
            .Concat(Chains.Select(c => $"chain {c.Key}: {c.Value}"))
            .Concat(Rules.SelectMany(r => r.Value.Select((rule, i) => $"rule {r.Key}[{i}]: {rule}")))
            .Concat(Sets.Select(s => $"set {s.Key}: {s.Value}"))
            .Concat(Elements.SelectMany(e => e.Value.Select(v => $"element {e.Key}: {v}"))));
}
