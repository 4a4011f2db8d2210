using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Calico.Nftables;

/// <summary>
/// Reads one element of <c>nft -j -p</c> output into a <see cref="SetElement"/> spelled as the factories spell it:
/// <c>"10.0.0.1"</c>, <c>{"prefix": {"addr": "10.1.0.0", "len": 16}}</c> → <c>10.1.0.0/16</c>,
/// <c>{"concat": ["10.0.0.1", 6, 80]}</c> → <c>10.0.0.1 . 6 . 80</c>, <c>"cali1"</c> → <c>"cali1"</c>; map
/// elements are <c>[key, {"jump": {"target": "c"}}]</c>. Ranges are kept as <c>a-b</c> (someone else's; they only
/// ever get deleted).
/// </summary>
internal static class SetElementReader
{
    public static bool TryRead(JsonElement element, IReadOnlyList<SetKeyKind> kinds, SetKeyType type, bool isMap, out SetElement key, out Verdict? verdict)
    {
        key = default;
        verdict = null;
        var keyJson = element;
        if (isMap)
        {
            if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != 2 || !TryReadVerdict(element[1], out var value))
            {
                return false;
            }

            keyJson = element[0];
            verdict = value;
        }

        if (keyJson.ValueKind == JsonValueKind.Object && keyJson.TryGetProperty("elem", out var wrapped) && wrapped.TryGetProperty("val", out var inner))
        {
            keyJson = inner;
        }

        List<JsonElement>? parts = kinds.Count == 1 ? [keyJson] : Concatenation(keyJson);
        if (parts is null || parts.Count != kinds.Count)
        {
            return false;
        }

        var texts = new string[parts.Count];
        var interval = false;
        for (var i = 0; i < parts.Count; i++)
        {
            if (!TryReadPart(parts[i], kinds[i], out texts[i], out var partInterval))
            {
                return false;
            }

            interval |= partInterval;
        }

        key = SetElement.FromKernel(string.Join(" . ", texts), type, interval);
        return true;
    }

    private static List<JsonElement>? Concatenation(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty("concat", out var parts) && parts.ValueKind == JsonValueKind.Array
            ? [.. parts.EnumerateArray()]
            : null;

    private static bool TryReadPart(JsonElement json, SetKeyKind kind, out string text, out bool interval)
    {
        interval = false;
        text = string.Empty;
        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("range", out var range) && range.ValueKind == JsonValueKind.Array && range.GetArrayLength() == 2
            && TryReadPart(range[0], kind, out var low, out _) && TryReadPart(range[1], kind, out var high, out _))
        {
            text = $"{low}-{high}";
            interval = true;
            return true;
        }

        switch (kind)
        {
            case SetKeyKind.Ipv4Address or SetKeyKind.Ipv6Address:
                if (json.ValueKind == JsonValueKind.String && IPAddress.TryParse(json.GetString(), out var address))
                {
                    text = address.ToString();
                    return true;
                }

                if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("prefix", out var prefix)
                    && prefix.TryGetProperty("addr", out var network) && IPAddress.TryParse(network.GetString(), out var start)
                    && prefix.TryGetProperty("len", out var length) && length.TryGetInt32(out var bits))
                {
                    var full = kind == SetKeyKind.Ipv4Address ? 32 : 128;
                    text = bits == full ? start.ToString() : string.Create(CultureInfo.InvariantCulture, $"{start}/{bits}");
                    interval = bits != full;
                    return true;
                }

                return false;
            case SetKeyKind.InetProto or SetKeyKind.InetService or SetKeyKind.Mark:
                if (json.ValueKind == JsonValueKind.Number && json.TryGetUInt32(out var number))
                {
                    text = number.ToString(CultureInfo.InvariantCulture);
                    return true;
                }

                if (json.ValueKind == JsonValueKind.String && json.GetString() is { Length: > 2 } hex && hex.StartsWith("0x", StringComparison.Ordinal)
                    && uint.TryParse(hex.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out number))
                {
                    text = number.ToString(CultureInfo.InvariantCulture);
                    return true;
                }

                if (json.ValueKind == JsonValueKind.String)
                {
                    // A protocol or service name (output without -p/-n); kept so it can at least be deleted.
                    text = json.GetString()!;
                    return text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
                }

                return false;
            case SetKeyKind.IfName:
                if (json.ValueKind == JsonValueKind.String && json.GetString() is { } name && !name.Contains('"', StringComparison.Ordinal) && !name.Contains('\\', StringComparison.Ordinal))
                {
                    text = $"\"{name}\"";
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    private static bool TryReadVerdict(JsonElement json, out Verdict verdict)
    {
        verdict = default;
        if (json.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in json.EnumerateObject())
        {
            switch (property.Name)
            {
                case "accept":
                    verdict = Verdict.Accept;
                    return true;
                case "drop":
                    verdict = Verdict.Drop;
                    return true;
                case "return":
                    verdict = Verdict.Return;
                    return true;
                case "continue":
                    verdict = Verdict.Continue;
                    return true;
                case "jump" or "goto":
                    var target = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("target", out var t) ? t.GetString() : null;
                    if (!ChainName.IsValid(target, out _))
                    {
                        return false;
                    }

                    verdict = property.Name == "jump" ? Verdict.Jump(target) : Verdict.Goto(target);
                    return true;
            }
        }

        return false;
    }
}
