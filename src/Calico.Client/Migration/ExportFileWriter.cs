using System.Globalization;
using Calico.Datastore;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Calico.Client.Migration;

/// <summary>
/// Writes an export: a header document, then one document per resource with its <c>kind</c>, <c>namespace</c> (only when
/// namespaced), <c>name</c> and <c>value</c>, the stored JSON as one double-quoted YAML string, so that it is read back
/// byte for byte whatever it holds.
/// </summary>
public static class ExportFileWriter
{
    public static void Write(TextWriter output, ExportHeader header, IReadOnlyList<StoredResource> resources)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(resources);
        var emitter = new Emitter(output, EmitterSettings.Default.WithBestWidth(int.MaxValue));
        emitter.Emit(new StreamStart());
        Document(emitter, () =>
        {
            Pair(emitter, "apiVersion", ExportFormat.ApiVersion);
            Pair(emitter, "kind", ExportFormat.Kind);
            Pair(emitter, "formatVersion", header.FormatVersion.ToString(CultureInfo.InvariantCulture));
            Pair(emitter, "sourceBackend", header.SourceBackend);
            Pair(emitter, "sourceRevision", header.SourceRevision.ToString(CultureInfo.InvariantCulture));
            Pair(emitter, "exportedAt", header.ExportedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            Pair(emitter, "resources", header.ResourceCount.ToString(CultureInfo.InvariantCulture));
            Pair(emitter, "sha256", header.Sha256);
        });
        foreach (var resource in resources)
        {
            Document(emitter, () =>
            {
                Pair(emitter, "kind", resource.Key.Kind, ScalarStyle.DoubleQuoted);
                if (resource.Key.Namespace is { } ns)
                {
                    Pair(emitter, "namespace", ns, ScalarStyle.DoubleQuoted);
                }

                Pair(emitter, "name", resource.Key.Name, ScalarStyle.DoubleQuoted);
                Pair(emitter, "value", resource.Value, ScalarStyle.DoubleQuoted);
            });
        }

        emitter.Emit(new StreamEnd());
    }

    private static void Document(Emitter emitter, Action body)
    {
        emitter.Emit(new DocumentStart(null, null, isImplicit: false));
        emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
        body();
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
    }

    private static void Pair(Emitter emitter, string key, string value, ScalarStyle style = ScalarStyle.Plain)
    {
        emitter.Emit(new Scalar(key));
        emitter.Emit(new Scalar(null, null, value, style, isPlainImplicit: style == ScalarStyle.Plain, isQuotedImplicit: style != ScalarStyle.Plain));
    }
}
