using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Calico.Api;
using Calico.Api.Serialization;
using Calico.Datastore;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Calico.Client.Migration;

/// <summary>
/// Reads and validates a whole export before anything is written: the header (format version first, so a newer file is
/// refused before its contents are judged), then every resource document, then the count and checksum. Every problem is
/// reported, each naming the document number (1 is the header), the resource and the field.
/// </summary>
public static class ExportFileReader
{
    private const int MaxReportedErrors = 20;

    private static readonly string[] HeaderFields = ["apiVersion", "kind", "formatVersion", "sourceBackend", "sourceRevision", "exportedAt", "resources", "sha256"];
    private static readonly string[] ResourceFields = ["kind", "namespace", "name", "value"];

    /// <param name="text">The file's contents.</param>
    /// <param name="source">The file's name, for messages.</param>
    /// <exception cref="MigrationException">The file is not a valid export; the message lists every problem found.</exception>
    public static ExportFile Read(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new MigrationException($"{source}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            throw new MigrationException($"{source}: empty; expected a file written by `calicoctl datastore migrate export`");
        }

        var header = ReadHeader(stream.Documents[0].RootNode, source);
        var errors = new List<string>();
        var resources = new List<ExportedResource>(stream.Documents.Count - 1);
        var seen = new Dictionary<ResourceKey, int>();
        for (var i = 1; i < stream.Documents.Count; i++)
        {
            if (ReadResource(stream.Documents[i].RootNode, i + 1, errors) is not { } resource)
            {
                continue;
            }

            if (seen.TryGetValue(resource.Key, out var first))
            {
                errors.Add($"document {resource.Document} ({resource.Key}): repeats document {first}");
                continue;
            }

            seen.Add(resource.Key, resource.Document);
            resources.Add(resource);
        }

        if (errors.Count == 0)
        {
            CheckWhole(header, resources, errors);
        }

        if (errors.Count > 0)
        {
            var shown = errors.Take(MaxReportedErrors).Select(e => $"\n  {e}");
            var more = errors.Count > MaxReportedErrors ? $"\n  … and {errors.Count - MaxReportedErrors} more" : string.Empty;
            throw new MigrationException($"{source}: {errors.Count} problem(s), nothing was imported:{string.Concat(shown)}{more}");
        }

        return new ExportFile(header, resources);
    }

    private static ExportHeader ReadHeader(YamlNode node, string source)
    {
        MigrationException Bad(string why) => new($"{source}: document 1 (the header): {why}");
        if (node is not YamlMappingNode map)
        {
            throw Bad($"expected apiVersion: {ExportFormat.ApiVersion}, kind: {ExportFormat.Kind}; is this a file written by `calicoctl datastore migrate export`?");
        }

        var kind = Scalar(map, "kind");
        var apiVersion = Scalar(map, "apiVersion");
        if (!string.Equals(kind, ExportFormat.Kind, StringComparison.Ordinal) || !string.Equals(apiVersion, ExportFormat.ApiVersion, StringComparison.Ordinal))
        {
            throw Bad($"field kind/apiVersion: \"{kind}\"/\"{apiVersion}\" is not {ExportFormat.Kind}/{ExportFormat.ApiVersion}; is this a file written by `calicoctl datastore migrate export`?");
        }

        var versionText = Scalar(map, "formatVersion");
        if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw Bad($"field formatVersion: \"{versionText}\" is not a number");
        }

        if (version != ExportFormat.Version)
        {
            throw Bad($"field formatVersion: {version} is not a format this calicoctl reads (it reads {ExportFormat.Version}); use the calicoctl that wrote the file, or a newer one");
        }

        foreach (var key in map.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name } || !HeaderFields.Contains(name, StringComparer.Ordinal))
            {
                throw Bad($"field {key}: unknown in format version {ExportFormat.Version} (known: {string.Join(", ", HeaderFields)})");
            }
        }

        var backend = Scalar(map, "sourceBackend") is { Length: > 0 } b ? b : throw Bad("field sourceBackend: missing");
        var revision = long.TryParse(Scalar(map, "sourceRevision"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : throw Bad("field sourceRevision: missing or not a number");
        var exportedAt = DateTimeOffset.TryParse(Scalar(map, "exportedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : throw Bad("field exportedAt: missing or not a time");
        var count = int.TryParse(Scalar(map, "resources"), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : throw Bad("field resources: missing or not a number");
        var sha = Scalar(map, "sha256") is { Length: 64 } s ? s : throw Bad("field sha256: missing or not 64 hex digits");
        return new ExportHeader(version, backend, revision, exportedAt, count, sha);
    }

    private static ExportedResource? ReadResource(YamlNode node, int document, List<string> errors)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add($"document {document}: expected a mapping with kind, name, value (and namespace)");
            return null;
        }

        var kind = Scalar(map, "kind");
        var ns = Scalar(map, "namespace");
        var name = Scalar(map, "name");
        var value = Scalar(map, "value");
        var label = kind is null || name is null ? $"document {document}" : $"document {document} ({ResourceKey.Cluster(kind, ns is null ? name : $"{ns}/{name}")})";
        var before = errors.Count;
        foreach (var key in map.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } field } || !ResourceFields.Contains(field, StringComparer.Ordinal))
            {
                errors.Add($"{label}: field {key}: unknown (known: {string.Join(", ", ResourceFields)})");
            }
        }

        CheckSegment(kind, "kind", required: true);
        CheckSegment(ns, "namespace", required: false);
        CheckSegment(name, "name", required: true);
        if (value is null)
        {
            errors.Add($"{label}: field value: missing");
        }

        if (errors.Count > before)
        {
            return null;
        }

        var key2 = new ResourceKey(kind!, ns, name!);
        label = $"document {document} ({key2})";
        CheckValue(key2, value!, label, errors);
        return errors.Count > before ? null : new ExportedResource(document, key2, value!);

        void CheckSegment(string? text, string field, bool required)
        {
            if (text is null)
            {
                if (required)
                {
                    errors.Add($"{label}: field {field}: missing");
                }
            }
            else if (text.Length == 0 || text.Contains('/', StringComparison.Ordinal))
            {
                errors.Add($"{label}: field {field}: \"{text}\" must be non-empty and without '/'");
            }
        }
    }

    /// <summary>The value must be a JSON object; for a kind this build knows, one it can decode, naming the same resource.</summary>
    private static void CheckValue(ResourceKey key, string value, string label, List<string> errors)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(value) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException e)
        {
            errors.Add($"{label}: field value: not a JSON object: {e.Message}");
            return;
        }

        if (ResourceKinds.FindByStoreKind(key.Kind) is not { } kind)
        {
            return; // A kind this build does not know is carried over as it is.
        }

        var metadata = json["metadata"] as JsonObject;
        Expect("value.apiVersion", Text(json["apiVersion"]), kind.ApiVersion);
        Expect("value.kind", Text(json["kind"]), kind.Kind);
        Expect("value.metadata.name", Text(metadata?["name"]), key.Name);
        Expect("value.metadata.namespace", Text(metadata?["namespace"]), key.Namespace);
        if (kind.IsNamespaced != (key.Namespace is not null))
        {
            errors.Add($"{label}: field namespace: {kind.Kind} is {(kind.IsNamespaced ? "namespaced: a namespace is required" : "cluster-scoped: no namespace allowed")}");
        }

        try
        {
            ResourceCodec.DecodeStored(kind, value);
        }
        catch (JsonException e)
        {
            errors.Add($"{label}: field value: not a valid {kind.Kind}: {e.Message}");
        }

        void Expect(string field, string? actual, string? expected)
        {
            // A stored value may leave apiVersion, kind, name and namespace to its key; when present they must agree.
            if (actual is not null && !string.Equals(actual, expected, StringComparison.Ordinal))
            {
                errors.Add($"{label}: field {field}: \"{actual}\" does not match the document's {(expected is null ? "absence of it" : $"\"{expected}\"")}");
            }
        }
    }

    private static void CheckWhole(ExportHeader header, List<ExportedResource> resources, List<string> errors)
    {
        if (resources.Count != header.ResourceCount)
        {
            errors.Add($"document 1 (the header): field resources: says {header.ResourceCount} but the file holds {resources.Count} (truncated or edited?)");
            return;
        }

        var sha = ExportChecksum.Compute(resources.Select(r => (r.Key, r.Value)));
        if (!string.Equals(sha, header.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"document 1 (the header): field sha256: the resources hash to {sha}, not {header.Sha256} (the file was changed after export)");
        }

        var info = resources.FirstOrDefault(r => r.Key == DatastoreLock.Key);
        if (info is null)
        {
            errors.Add($"the file has no {DatastoreLock.Key}: an export always carries it (with datastoreReady: false, the lock)");
        }
        else if (JsonNode.Parse(info.Value)?["spec"]?["datastoreReady"]?.GetValueKind() != JsonValueKind.False)
        {
            errors.Add($"document {info.Document} ({info.Key}): field value.spec.datastoreReady: must be false (an export is taken from a locked datastore, and the import keeps the target locked until `calicoctl datastore migrate unlock`)");
        }
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
