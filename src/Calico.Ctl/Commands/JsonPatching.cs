using System.Text.Json.Nodes;

namespace Calico.Ctl.Commands;

/// <summary>JSON merge patch (RFC 7386; also used for "strategic") and JSON patch (RFC 6902: add, remove, replace, test).</summary>
internal static class JsonPatching
{
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var existing = result[key];
                result.Remove(key);
                result[key] = MergePatch(existing?.DeepClone(), value);
            }
        }

        return result;
    }

    public static JsonNode JsonPatch(JsonNode document, JsonArray operations)
    {
        foreach (var (operation, index) in operations.Select((o, i) => (o as JsonObject, i)))
        {
            var op = operation?["op"]?.GetValue<string>() ?? throw new CtlException($"patch operation {index}: \"op\" is required");
            var path = operation["path"]?.GetValue<string>() ?? throw new CtlException($"patch operation {index}: \"path\" is required");
            var segments = path.Split('/').Skip(1).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
            if (segments.Count == 0)
            {
                throw new CtlException($"patch operation {index}: cannot {op} the whole document");
            }

            var parent = Navigate(document, segments.Take(segments.Count - 1), path, index);
            var last = segments[^1];
            switch (op)
            {
                case "add":
                case "replace":
                    var value = operation["value"]?.DeepClone();
                    if (parent is JsonObject obj)
                    {
                        if (op == "replace" && !obj.ContainsKey(last))
                        {
                            throw new CtlException($"patch operation {index}: {path} does not exist");
                        }

                        obj[last] = value;
                    }
                    else if (parent is JsonArray array)
                    {
                        if (last == "-" && op == "add")
                        {
                            array.Add(value);
                        }
                        else if (int.TryParse(last, out var i) && i >= 0 && i <= array.Count)
                        {
                            if (op == "replace")
                            {
                                array[i] = value;
                            }
                            else
                            {
                                array.Insert(i, value);
                            }
                        }
                        else
                        {
                            throw new CtlException($"patch operation {index}: {path}: bad array index");
                        }
                    }

                    break;
                case "remove":
                    if (parent is JsonObject removeFrom && removeFrom.Remove(last))
                    {
                        break;
                    }

                    if (parent is JsonArray removeArray && int.TryParse(last, out var at) && at >= 0 && at < removeArray.Count)
                    {
                        removeArray.RemoveAt(at);
                        break;
                    }

                    throw new CtlException($"patch operation {index}: {path} does not exist");
                case "test":
                    var actual = parent is JsonObject o ? o[last] : parent is JsonArray a && int.TryParse(last, out var t) && t < a.Count ? a[t] : null;
                    if (!JsonNode.DeepEquals(actual, operation["value"]))
                    {
                        throw new CtlException($"patch operation {index}: test failed at {path}");
                    }

                    break;
                default:
                    throw new CtlException($"patch operation {index}: op \"{op}\" is not supported (add, remove, replace, test)");
            }
        }

        return document;
    }

    private static JsonNode Navigate(JsonNode document, IEnumerable<string> segments, string path, int index)
    {
        var current = document;
        foreach (var segment in segments)
        {
            current = current switch
            {
                JsonObject obj when obj[segment] is { } child => child,
                JsonArray array when int.TryParse(segment, out var i) && i >= 0 && i < array.Count && array[i] is { } item => item,
                _ => throw new CtlException($"patch operation {index}: {path} does not exist"),
            };
        }

        return current;
    }
}
