using System.CommandLine;
using System.Text.Json.Nodes;
using Calico.Api;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Ctl.Output;
using Calico.Selectors;

namespace Calico.Ctl.Commands;

/// <summary>get KIND [NAME...]: tables (ps, wide, custom-columns), YAML or JSON.</summary>
internal static class GetCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("get", "Show resources.");
        var kind = CommonOptions.Kind();
        var names = CommonOptions.Names();
        var output = CommonOptions.Output();
        var config = CommonOptions.Config();
        var ns = CommonOptions.Namespace();
        var all = CommonOptions.AllNamespaces();
        var selector = CommonOptions.Selector();
        var export = new Option<bool>("--export") { Description = "Omit cluster-specific metadata (resourceVersion, uid, creationTimestamp)." };
        command.Arguments.Add(kind);
        command.Arguments.Add(names);
        foreach (var option in new Option[] { output, config, ns, all, selector, export })
        {
            command.Options.Add(option);
        }

        CommonOptions.AddCompatibility(command);
        command.SetAction(async (parsed, ct) =>
        {
            var resolved = KindResolver.Resolve(parsed.GetValue(kind));
            var format = OutputFormat.Parse(parsed.GetValue(output));
            var filter = ParseSelector(parsed.GetValue(selector));
            var allNamespaces = parsed.GetValue(all);
            var namespaceGiven = parsed.GetValue(ns);
            var requestedNames = parsed.GetValue(names) ?? [];
            if (allNamespaces && namespaceGiven is not null)
            {
                throw new CtlException("use either -n/--namespace or -A/--all-namespaces, not both");
            }

            await using var session = await context.OpenAsync(parsed.GetValue(config), ct).ConfigureAwait(false);
            var store = session.Store;
            var targetNamespace = resolved.IsNamespaced ? (allNamespaces ? null : namespaceGiven ?? "default") : null;
            List<Resource> items;
            string? listRevision = null;
            if (requestedNames.Length > 0)
            {
                items = [];
                foreach (var name in requestedNames)
                {
                    var found = await store.GetAsync(resolved, targetNamespace ?? "default", name, ct).ConfigureAwait(false)
                        ?? throw new CtlException($"{ResourceDescriptions.Describe(resolved, targetNamespace, name)} does not exist");
                    items.Add(found);
                }
            }
            else
            {
                var listing = await store.ListAsync(resolved, targetNamespace, ct).ConfigureAwait(false);
                items = listing.Items.ToList();
                listRevision = listing.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (filter is not null)
            {
                items = items.Where(i => filter.Matches(i.Metadata.Labels ?? (IReadOnlyDictionary<string, string>)new Dictionary<string, string>())).ToList();
            }

            if (parsed.GetValue(export))
            {
                foreach (var item in items)
                {
                    item.Metadata.ResourceVersion = null;
                    item.Metadata.Uid = null;
                    item.Metadata.CreationTimestamp = null;
                }
            }

            var showNamespace = resolved.IsNamespaced && (allNamespaces || namespaceGiven is not null);
            await WriteAsync(context.Out, resolved, items, format, showNamespace, requestedNames.Length == 1, listRevision, session, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Selector? ParseSelector(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!Selector.TryParse(text, out var selector, out var error))
        {
            throw new CtlException($"--selector: {error.Message}");
        }

        return selector;
    }

    private static async Task WriteAsync(TextWriter output, ResourceKind kind, List<Resource> items, OutputFormat format, bool showNamespace,
        bool single, string? listRevision, StoreSession session, CancellationToken ct)
    {
        switch (format.Kind)
        {
            case OutputKind.Yaml:
                await output.WriteAsync(single && items.Count == 1 ? ResourceCodec.ToYaml(items[0]) : ResourceCodec.ToYaml(ResourceCodec.ToListObject(kind, items, listRevision))).ConfigureAwait(false);
                return;
            case OutputKind.Json:
                JsonNode node = single && items.Count == 1 ? ResourceCodec.ToJsonObject(items[0]) : ResourceCodec.ToListObject(kind, items, listRevision);
                await output.WriteLineAsync(ResourceCodec.ToJson(node)).ConfigureAwait(false);
                return;
        }

        var asNumber = kind == ResourceKinds.Node ? await DefaultAsNumberAsync(session, ct).ConfigureAwait(false) : 64512;
        var columns = ResourceColumns.For(kind, asNumber);
        IReadOnlyList<string> headers = format.Kind switch
        {
            OutputKind.Wide => columns.Wide,
            OutputKind.CustomColumns => format.Columns,
            _ => columns.Ps,
        };
        foreach (var header in headers)
        {
            if (!columns.Has(header))
            {
                throw new CtlException($"-o custom-columns: {kind.Kind} has no column {header} (available: {string.Join(", ", columns.Available)})");
            }
        }

        if (showNamespace && !headers.Contains("NAMESPACE"))
        {
            headers = headers.Prepend("NAMESPACE").ToList();
        }

        TableWriter.Write(output, headers, items.Select(i => (IReadOnlyList<string>)headers.Select(h => columns.Value(h, i)).ToList()));
    }

    private static async Task<long> DefaultAsNumberAsync(StoreSession session, CancellationToken ct) =>
        await session.Store.GetAsync(ResourceKinds.BGPConfiguration, null, "default", ct).ConfigureAwait(false) is BGPConfiguration { Spec.AsNumber: { } asn }
            ? asn
            : 64512;
}
