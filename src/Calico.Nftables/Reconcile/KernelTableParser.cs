using System.Globalization;
using System.Text.Json;

namespace Calico.Nftables;

/// <summary>
/// Turns <c>nft -j -s -p list table inet NAME</c> (JSON schema 1, protocols numeric) into a <see cref="KernelTable"/>:
/// chains with base spec, rule identities from the comments (a rule without one gets a unique "foreign" identity, so
/// its chain differs from anything desired) and the chains and sets its expression refers to; sets and maps with
/// definitions and elements in the same canonical spelling as <see cref="SetElement"/>'s factories; anything else
/// in the table as a foreign object to delete.
/// </summary>
internal static class KernelTableParser
{
    public static KernelTable Parse(string json, TableName table)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document, table);
    }

    /// <summary>
    /// The same from nft's UTF-8 output, parsed where it lies (no UTF-16 copy of a listing of many megabytes). With
    /// <paramref name="members"/>, each set's or map's elements are handed to it as soon as that set is read, and not
    /// kept in <see cref="KernelTable.Members"/>: a resync then holds one set's elements at a time, not the table's.
    /// </summary>
    public static KernelTable Parse(ReadOnlyMemory<byte> json, TableName table, Action<SetName, Dictionary<SetElement, Verdict?>>? members = null)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document, table, members);
    }

    private static KernelTable Parse(JsonDocument document, TableName table, Action<SetName, Dictionary<SetElement, Verdict?>>? onMembers = null)
    {
        var kernel = new KernelTable();
        var rules = new Dictionary<ChainName, (List<string> Ids, HashSet<ChainName> Chains, HashSet<SetName> Sets)>();
        var bases = new Dictionary<ChainName, (BaseChainSpec? Spec, bool Foreign)>();
        if (!document.RootElement.TryGetProperty("nftables", out var items))
        {
            throw new FormatException("nft JSON output has no \"nftables\" array");
        }

        foreach (var item in items.EnumerateArray())
        {
            foreach (var property in item.EnumerateObject())
            {
                var body = property.Value;
                if (property.Name == "metainfo" || !IsOurs(body, table, property.Name))
                {
                    continue;
                }

                switch (property.Name)
                {
                    case "table":
                        kernel.Exists = true;
                        break;
                    case "chain":
                        ReadChain(body, kernel, bases);
                        break;
                    case "rule":
                        ReadRule(body, kernel, rules);
                        break;
                    case "set":
                    case "map":
                        ReadSet(body, property.Name == "map", kernel, onMembers);
                        break;
                    default:
                        ReadOther(property.Name, body, kernel);
                        break;
                }
            }
        }

        foreach (var (name, (spec, foreign)) in bases)
        {
            rules.TryGetValue(name, out var contents);
            kernel.Chains[name] = ChainState.Programmed(
                spec,
                contents.Ids ?? [],
                contents.Chains ?? [],
                contents.Sets ?? [],
                foreign);
        }

        return kernel;
    }

    private static bool IsOurs(JsonElement body, TableName table, string kind)
    {
        var tableField = kind == "table" ? "name" : "table";
        return body.ValueKind == JsonValueKind.Object
            && body.TryGetProperty("family", out var family) && family.ValueEquals("inet")
            && body.TryGetProperty(tableField, out var name) && name.ValueEquals(table.Value);
    }

    private static void ReadChain(JsonElement body, KernelTable kernel, Dictionary<ChainName, (BaseChainSpec? Spec, bool Foreign)> bases)
    {
        if (!TryName(body, "chain", kernel, out var text))
        {
            return;
        }

        var name = new ChainName(text);

        if (!body.TryGetProperty("hook", out var hook))
        {
            bases[name] = (null, false);
            return;
        }

        var known = body.TryGetProperty("prio", out var prio) && prio.ValueKind == JsonValueKind.Number && prio.TryGetInt32(out var priority)
            && !body.TryGetProperty("dev", out _)
            && BaseChainSpec.TryParse(String(body, "type"), hook.GetString(), priority, String(body, "policy"), out var spec)
            ? spec
            : (BaseChainSpec?)null;
        bases[name] = known is null ? (null, true) : (known, false);
    }

    private static void ReadRule(JsonElement body, KernelTable kernel, Dictionary<ChainName, (List<string> Ids, HashSet<ChainName> Chains, HashSet<SetName> Sets)> rules)
    {
        if (!ChainName.IsValid(String(body, "chain"), out _))
        {
            return;
        }

        var chain = new ChainName(String(body, "chain")!);
        if (!rules.TryGetValue(chain, out var contents))
        {
            contents = ([], [], []);
            rules[chain] = contents;
        }

        var handle = body.TryGetProperty("handle", out var h) ? h.ToString() : contents.Ids.Count.ToString(CultureInfo.InvariantCulture);
        contents.Ids.Add(RuleIdentity.FromComment(String(body, "comment")) ?? $"foreign:{handle}");
        if (body.TryGetProperty("expr", out var expression))
        {
            CollectReferences(expression, contents.Chains, contents.Sets);
        }

        kernel.RuleCount++;
    }

    /// <summary>Every <c>{"jump"|"goto": {"target": X}}</c> and every <c>"@name"</c> string anywhere in an expression.</summary>
    private static void CollectReferences(JsonElement element, HashSet<ChainName> chains, HashSet<SetName> sets)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name is "jump" or "goto" && property.Value.ValueKind == JsonValueKind.Object
                        && ChainName.IsValid(String(property.Value, "target"), out _))
                    {
                        chains.Add(new ChainName(String(property.Value, "target")!));
                    }

                    CollectReferences(property.Value, chains, sets);
                }

                break;
            case JsonValueKind.Array:
                foreach (var child in element.EnumerateArray())
                {
                    CollectReferences(child, chains, sets);
                }

                break;
            case JsonValueKind.String:
                var text = element.GetString();
                if (text is ['@', .. var name] && SetName.IsValid(name, out _))
                {
                    sets.Add(new SetName(name));
                }

                break;
        }
    }

    private static void ReadSet(JsonElement body, bool isMap, KernelTable kernel, Action<SetName, Dictionary<SetElement, Verdict?>>? onMembers)
    {
        if (!TryName(body, isMap ? "map" : "set", kernel, out var text))
        {
            return;
        }

        var name = new SetName(text);

        var kinds = new List<SetKeyKind>();
        var known = body.TryGetProperty("type", out var type) && ReadKinds(type, kinds) && kinds.Count <= 4;
        var interval = false;
        if (body.TryGetProperty("flags", out var flags))
        {
            foreach (var flag in flags.ValueKind == JsonValueKind.Array ? flags.EnumerateArray() : Enumerable.Repeat(flags, 1))
            {
                if (flag.ValueEquals("interval"))
                {
                    interval = true;
                }
                else
                {
                    known = false;
                }
            }
        }

        if (isMap && !(body.TryGetProperty("map", out var data) && data.ValueEquals("verdict")))
        {
            known = false;
        }

        known &= !body.TryGetProperty("timeout", out _) && !body.TryGetProperty("size", out _) && !body.TryGetProperty("policy", out _);
        var keyType = known ? SetKeyType.Of([.. kinds]) : default;
        var members = new Dictionary<SetElement, Verdict?>();
        if (known && body.TryGetProperty("elem", out var elements))
        {
            foreach (var element in elements.EnumerateArray())
            {
                if (!SetElementReader.TryRead(element, kinds, keyType, isMap, out var key, out var verdict))
                {
                    known = false;
                    break;
                }

                members[key] = verdict;
            }
        }

        kernel.Sets[name] = known ? new SetDefinition(keyType, interval, isMap) : new SetDefinition(default, interval, isMap, IsForeign: true);
        if (onMembers is null)
        {
            kernel.Members[name] = known ? members : [];
        }
        else
        {
            onMembers(name, known ? members : []);
        }
    }

    private static bool ReadKinds(JsonElement type, List<SetKeyKind> kinds)
    {
        foreach (var part in type.ValueKind == JsonValueKind.Array ? type.EnumerateArray() : Enumerable.Repeat(type, 1))
        {
            if (part.ValueKind != JsonValueKind.String || !SetKeyType.TryParseKind(part.GetString(), out var kind))
            {
                return false;
            }

            kinds.Add(kind.Value);
        }

        return kinds.Count > 0;
    }

    private static void ReadOther(string kind, JsonElement body, KernelTable kernel)
    {
        var name = String(body, "name");
        if (name is null)
        {
            return;
        }

        if (NftIdentifier.IsValid(kind, name, out _) && kind.All(c => char.IsAsciiLetterLower(c) || c == ' '))
        {
            kernel.ForeignObjects.Add($"{kind} {name}");
        }
        else
        {
            kernel.Unmanageable.Add($"{kind} {name}");
        }
    }

    private static bool TryName(JsonElement body, string kind, KernelTable kernel, out string name)
    {
        var text = String(body, "name");
        if (NftIdentifier.IsValid(kind, text, out _))
        {
            name = text;
            return true;
        }

        kernel.Unmanageable.Add($"{kind} {text}");
        name = string.Empty;
        return false;
    }

    private static string? String(JsonElement body, string property) =>
        body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
