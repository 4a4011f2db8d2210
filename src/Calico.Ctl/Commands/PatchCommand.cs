using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Calico.Api;
using Calico.Api.Serialization;
using Calico.Client.Store;

namespace Calico.Ctl.Commands;

/// <summary>patch KIND NAME -p PATCH [-t strategic|merge|json]: read, patch, validate, write back only if nobody changed it meanwhile.</summary>
internal static class PatchCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("patch", "Patch a resource.");
        var kind = CommonOptions.Kind();
        var names = CommonOptions.Names();
        var patch = new Option<string>("--patch", "-p") { Description = "The patch, as JSON or YAML.", Required = true };
        var type = new Option<string>("--type", "-t") { Description = "strategic (default), merge or json.", DefaultValueFactory = _ => "strategic" };
        var config = CommonOptions.Config();
        var ns = CommonOptions.Namespace();
        command.Arguments.Add(kind);
        command.Arguments.Add(names);
        foreach (var option in new Option[] { patch, type, config, ns })
        {
            command.Options.Add(option);
        }

        CommonOptions.AddCompatibility(command);
        command.SetAction(async (parsed, ct) =>
        {
            var resolved = KindResolver.Resolve(parsed.GetValue(kind));
            var name = (parsed.GetValue(names) ?? []) is [var single] ? single : throw new CtlException("patch needs exactly one resource name");
            JsonNode? patchNode;
            try
            {
                patchNode = JsonNode.Parse(parsed.GetValue(patch)!);
            }
            catch (JsonException e)
            {
                throw new CtlException($"--patch: not valid JSON: {e.Message}");
            }

            await using var session = await context.OpenAsync(parsed.GetValue(config), ct).ConfigureAwait(false);
            var patchType = parsed.GetValue(type);
            await ConflictRetry.RunAsync(() => PatchOnceAsync(session, resolved, parsed.GetValue(ns), name, patchType, patchNode, ct), ct).ConfigureAwait(false);
            await context.Out.WriteLineAsync(WriteSummary.Format("patched", [resolved])).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task<bool> PatchOnceAsync(StoreSession session, ResourceKind resolved, string? ns, string name, string? patchType, JsonNode? patchNode, CancellationToken ct)
    {
        var current = await session.Store.GetAsync(resolved, ns, name, ct).ConfigureAwait(false)
            ?? throw new CtlException($"{ResourceDescriptions.Describe(resolved, resolved.IsNamespaced ? ns ?? "default" : null, name)} does not exist");
        var document = ResourceCodec.ToJsonObject(current);
        JsonNode patched = patchType switch
        {
            "strategic" or "merge" => JsonPatching.MergePatch(document, patchNode) ?? throw new CtlException("--patch: the patch removes the whole resource"),
            "json" => patchNode is JsonArray operations ? JsonPatching.JsonPatch(document, operations) : throw new CtlException("--patch: a json patch is a list of operations"),
            var other => throw new CtlException($"--type \"{other}\" is not strategic, merge or json"),
        };

        var inputs = ResourceCodec.Decode(patched.ToJsonString(), "patch");
        await session.Store.WriteAsync(inputs, WriteMode.Replace, new WriteOptions(), ct).ConfigureAwait(false);
        return true;
    }
}
