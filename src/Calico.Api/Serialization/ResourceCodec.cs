using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace Calico.Api.Serialization;

/// <summary>One resource read from user input, with where it came from.</summary>
public sealed record DecodedResource(Resource Resource, ResourceKind Kind, string Source, int DocumentIndex)
{
    public string Description => ResourceDescriptions.Describe(Kind, Resource);
}

/// <summary>Reads and writes resources as YAML or JSON: multi-document files, List kinds, unknown fields rejected.</summary>
public static partial class ResourceCodec
{
    private static readonly JsonSerializerOptions IndentedOptions = new(CalicoJsonContext.Default.Options) { WriteIndented = true };

    /// <summary>Decodes every resource in a YAML or JSON text. Throws <see cref="ResourceInputException"/> on the first bad document.</summary>
    public static IReadOnlyList<DecodedResource> Decode(string text, string source)
    {
        var documents = LoadDocuments(text, source);
        var result = new List<DecodedResource>();
        foreach (var document in documents)
        {
            if (document.Root is null)
            {
                continue;
            }

            if (document.Root is not JsonObject root)
            {
                throw new ResourceInputException(source, document.Index, null, string.Empty, "a document must be a mapping with apiVersion, kind, metadata and spec");
            }

            DecodeDocument(root, source, document.Index, string.Empty, result);
        }

        return result;
    }

    /// <summary>Decodes one resource of a known kind from the datastore's JSON.</summary>
    public static Resource DecodeStored(ResourceKind kind, string json)
    {
        var resource = (Resource)(JsonSerializer.Deserialize(json, kind.TypeInfo)
            ?? throw new JsonException($"stored {kind.Kind} is null"));
        resource.ApiVersion ??= kind.ApiVersion;
        resource.Kind ??= kind.Kind;
        return resource;
    }

    /// <summary>Compact JSON of one resource, as the datastore keeps it.</summary>
    public static string EncodeJson(Resource resource) =>
        JsonSerializer.Serialize(resource, ResourceKinds.Of(resource).TypeInfo);

    public static JsonObject ToJsonObject(Resource resource) =>
        (JsonObject)JsonSerializer.SerializeToNode(resource, ResourceKinds.Of(resource).TypeInfo)!;

    /// <summary>A deep copy through the serializer.</summary>
    public static T Clone<T>(T resource)
        where T : Resource =>
        (T)DecodeStored(ResourceKinds.Of(resource), EncodeJson(resource));

    /// <summary>YAML of one resource.</summary>
    public static string ToYaml(Resource resource) => JsonToYaml.Write([ToJsonObject(resource)]);

    /// <summary>JSON of one resource, indented.</summary>
    public static string ToJson(Resource resource) => ToJsonObject(resource).ToJsonString(IndentedOptions);

    /// <summary>A "&lt;Kind&gt;List" object holding the items, as calicoctl prints a listing.</summary>
    public static JsonObject ToListObject(ResourceKind kind, IEnumerable<Resource> items, string? resourceVersion)
    {
        var metadata = new JsonObject();
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        return new JsonObject
        {
            ["apiVersion"] = kind.ApiVersion,
            ["kind"] = kind.ListKind,
            ["items"] = new JsonArray(items.Select(i => (JsonNode)ToJsonObject(i)).ToArray()),
            ["metadata"] = metadata,
        };
    }

    public static string ToYaml(JsonNode node) => JsonToYaml.Write([node]);

    public static string ToJson(JsonNode node) => node.ToJsonString(IndentedOptions);

    private static IReadOnlyList<YamlToJson.Document> LoadDocuments(string text, string source)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
                return node is JsonArray array
                    ? array.Select((n, i) => new YamlToJson.Document(n?.DeepClone(), i + 1, 0)).ToList()
                    : [new YamlToJson.Document(node, 1, 0)];
            }
            catch (JsonException e)
            {
                throw new ResourceInputException(source, 0, null, string.Empty, $"malformed JSON at line {(e.LineNumber ?? 0) + 1}: {FirstSentence(e.Message)}");
            }
        }

        try
        {
            return YamlToJson.Load(text);
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message ?? e.Message;
            var document = YamlToJson.DocumentIndexAtLine(text, e.Start.Line);
            throw new ResourceInputException(source, document, null, string.Empty,
                $"malformed YAML at line {e.Start.Line} column {e.Start.Column}: {CleanYamlMessage(inner)}");
        }
    }

    private static void DecodeDocument(JsonObject root, string source, int index, string pathPrefix, List<DecodedResource> result)
    {
        var kindText = root["kind"] is JsonValue k && k.TryGetValue<string>(out var ks) ? ks : null;
        var apiVersion = root["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var av) ? av : null;
        if (string.IsNullOrEmpty(kindText))
        {
            throw new ResourceInputException(source, index, null, pathPrefix + "kind", "is required (for example kind: IPPool)");
        }

        if (string.IsNullOrEmpty(apiVersion))
        {
            throw new ResourceInputException(source, index, null, pathPrefix + "apiVersion", $"is required (for example apiVersion: {ResourceKinds.CalicoApiVersion})");
        }

        if (kindText.EndsWith("List", StringComparison.Ordinal) && root["items"] is JsonArray items)
        {
            var itemKind = kindText[..^4];
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is not JsonObject item)
                {
                    throw new ResourceInputException(source, index, null, $"{pathPrefix}items[{i}]", "must be a resource");
                }

                item["apiVersion"] ??= apiVersion;
                item["kind"] ??= itemKind;
                DecodeDocument(item, source, index, $"{pathPrefix}items[{i}].", result);
            }

            return;
        }

        var kind = ResourceKinds.Find(apiVersion, kindText);
        if (kind is null)
        {
            var sameName = ResourceKinds.WithKindName(kindText).ToList();
            var reason = sameName.Count > 0
                ? $"apiVersion \"{apiVersion}\" has no kind \"{kindText}\" (use apiVersion {string.Join(" or ", sameName.Select(s => s.ApiVersion))})"
                : $"unknown kind \"{kindText}\" (known kinds: {string.Join(", ", ResourceKinds.All.Select(x => x.Kind).Distinct())})";
            throw new ResourceInputException(source, index, null, pathPrefix + (sameName.Count > 0 ? "apiVersion" : "kind"), reason);
        }

        var description = DescribeRaw(kind, root);
        Resource resource;
        try
        {
            resource = (Resource)(root.Deserialize(kind.TypeInfo) ?? throw new JsonException("empty document"));
        }
        catch (JsonException e)
        {
            var (path, reason) = Explain(e);
            throw new ResourceInputException(source, index, description, pathPrefix + path, reason);
        }

        result.Add(new DecodedResource(resource, kind, source, index));
    }

    private static string DescribeRaw(ResourceKind kind, JsonObject root)
    {
        var metadata = root["metadata"] as JsonObject;
        var name = metadata?["name"] is JsonValue n && n.TryGetValue<string>(out var ns) ? ns : null;
        var space = metadata?["namespace"] is JsonValue s && s.TryGetValue<string>(out var ss) ? ss : null;
        return ResourceDescriptions.Describe(kind, space, name);
    }

    /// <summary>Turns System.Text.Json's exception into a field path and a reason a user can act on.</summary>
    internal static (string Path, string Reason) Explain(JsonException e)
    {
        var path = e.Path ?? "$";
        path = path == "$" ? string.Empty : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        var message = e.Message;
        var unmapped = UnmappedPattern().Match(message);
        if (unmapped.Success)
        {
            var field = unmapped.Groups[1].Value;
            if (!path.EndsWith(field, StringComparison.Ordinal))
            {
                path = path.Length == 0 ? field : $"{path}.{field}";
            }

            return (path, $"unknown field \"{field}\"");
        }

        var convert = ConvertPattern().Match(message);
        if (convert.Success)
        {
            return (path, $"has the wrong type (expected {FriendlyType(convert.Groups[1].Value)})");
        }

        return (path, FirstSentence(message));
    }

    private static string FriendlyType(string clrType) => clrType switch
    {
        _ when clrType.StartsWith("System.String", StringComparison.Ordinal) => "a string",
        _ when clrType.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when clrType.Contains("Int32", StringComparison.Ordinal) || clrType.Contains("Int64", StringComparison.Ordinal) => "an integer",
        _ when clrType.Contains("Double", StringComparison.Ordinal) => "a number",
        _ when clrType.Contains("List", StringComparison.Ordinal) => "a list",
        _ when clrType.Contains("Dictionary", StringComparison.Ordinal) => "a map of strings",
        _ => "an object",
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    private static string CleanYamlMessage(string message)
    {
        var at = message.IndexOf("): ", StringComparison.Ordinal);
        return at > 0 && message.StartsWith('(') ? message[(at + 3)..] : message;
    }

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedPattern();

    [GeneratedRegex("could not be converted to ([^ .]+(\\.[^ .]+)*)")]
    private static partial Regex ConvertPattern();
}
