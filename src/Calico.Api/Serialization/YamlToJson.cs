using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Calico.Api.Serialization;

/// <summary>Turns YAML documents into JSON trees with YAML 1.2 core-schema typing of plain scalars.</summary>
internal static partial class YamlToJson
{
    public sealed record Document(JsonNode? Root, int Index, long Line);

    /// <exception cref="YamlException">Malformed YAML.</exception>
    public static IReadOnlyList<Document> Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var documents = new List<Document>();
        var index = 0;
        foreach (var document in stream.Documents)
        {
            index++;
            documents.Add(new Document(Convert(document.RootNode, string.Empty), index, document.RootNode.Start.Line));
        }

        return documents;
    }

    /// <summary>Counts the documents that start before a line, to say which document a syntax error is in.</summary>
    public static int DocumentIndexAtLine(string text, long line)
    {
        var index = 1;
        var seenContent = false;
        using var reader = new StringReader(text);
        for (var current = 1; current < line && reader.ReadLine() is { } row; current++)
        {
            if (row.StartsWith("---", StringComparison.Ordinal))
            {
                if (seenContent)
                {
                    index++;
                }

                seenContent = false;
            }
            else if (row.Trim().Length > 0 && !row.TrimStart().StartsWith('#'))
            {
                seenContent = true;
            }
        }

        return index;
    }

    private static JsonNode? Convert(YamlNode node, string path) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping, path),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select((c, i) => Convert(c, $"{path}[{i}]")).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new YamlException(node.Start, node.End, $"unsupported YAML node at {path}"),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping, string path)
    {
        var result = new JsonObject();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                throw new YamlException(keyNode.Start, keyNode.End, "mapping keys must be plain strings");
            }

            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (result.ContainsKey(key))
            {
                throw new YamlException(keyNode.Start, keyNode.End, $"duplicate field \"{childPath}\"");
            }

            result[key] = Convert(valueNode, childPath);
        }

        return result;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value is "tag:yaml.org,2002:str"))
        {
            return JsonValue.Create(value);
        }

        if (value.Length == 0 || value is "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (value is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(value);
    }

    /// <summary>True when a string written as a plain scalar would read back as something other than that string.</summary>
    public static bool NeedsQuotes(string value) =>
        value.Length == 0 || value is "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
        || IntegerPattern().IsMatch(value) || FloatPattern().IsMatch(value);

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
