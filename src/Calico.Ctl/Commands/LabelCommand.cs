using System.CommandLine;
using Calico.Api;
using Calico.Api.Serialization;
using Calico.Client.Store;

namespace Calico.Ctl.Commands;

/// <summary>label KIND NAME key=value [--overwrite] | label KIND NAME key --remove.</summary>
internal static class LabelCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("label", "Add, change or remove a label of a resource.");
        var kind = CommonOptions.Kind();
        var arguments = new Argument<string[]>("NAME LABEL") { Arity = ArgumentArity.ZeroOrMore, Description = "The resource name, then key=value (or key with --remove)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the label's value if it is set." };
        var remove = new Option<bool>("--remove") { Description = "Remove the label." };
        var config = CommonOptions.Config();
        var ns = CommonOptions.Namespace();
        command.Arguments.Add(kind);
        command.Arguments.Add(arguments);
        foreach (var option in new Option[] { overwrite, remove, config, ns })
        {
            command.Options.Add(option);
        }

        CommonOptions.AddCompatibility(command);
        command.SetAction(async (parsed, ct) =>
        {
            var resolved = KindResolver.Resolve(parsed.GetValue(kind));
            if ((parsed.GetValue(arguments) ?? []) is not [var name, var label])
            {
                throw new CtlException("label needs a resource name and a label: key=value, or key with --remove");
            }

            await using var session = await context.OpenAsync(parsed.GetValue(config), ct).ConfigureAwait(false);
            var message = await ConflictRetry.RunAsync(() => LabelOnceAsync(session, resolved, parsed.GetValue(ns), name, label, parsed.GetValue(overwrite), parsed.GetValue(remove), ct), ct).ConfigureAwait(false);
            await context.Out.WriteLineAsync(message).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task<string> LabelOnceAsync(StoreSession session, ResourceKind resolved, string? ns, string name, string label, bool overwrite, bool remove, CancellationToken ct)
    {
        var resource = await session.Store.GetAsync(resolved, ns, name, ct).ConfigureAwait(false)
            ?? throw new CtlException($"{ResourceDescriptions.Describe(resolved, resolved.IsNamespaced ? ns ?? "default" : null, name)} does not exist");
        var labels = resource.Metadata.Labels ??= new SortedDictionary<string, string>(StringComparer.Ordinal);
        string message;
        if (remove)
        {
            if (!labels.Remove(label))
            {
                throw new CtlException($"{ResourceDescriptions.Describe(resolved, resource)} has no label {label}");
            }

            message = $"Successfully removed label {label} from {resolved.Kind.ToLowerInvariant()} {name}";
        }
        else
        {
            var equals = label.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CtlException($"label \"{label}\" must be key=value (or use --remove with a key)");
            }

            var (key, value) = (label[..equals], label[(equals + 1)..]);
            if (labels.TryGetValue(key, out var existing) && !overwrite && !string.Equals(existing, value, StringComparison.Ordinal))
            {
                throw new CtlException($"{ResourceDescriptions.Describe(resolved, resource)} already has label {key}={existing}; use --overwrite to change it");
            }

            labels[key] = value;
            message = $"Successfully set label {key} on {resolved.Kind.ToLowerInvariant()} {name}";
        }

        var input = new DecodedResource(resource, resolved, "label", 1);
        await session.Store.WriteAsync([input], WriteMode.Replace, new WriteOptions(), ct).ConfigureAwait(false);
        return message;
    }
}
