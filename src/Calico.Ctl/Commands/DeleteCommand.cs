using System.CommandLine;
using Calico.Client.Store;
using Calico.Ctl.Input;

namespace Calico.Ctl.Commands;

/// <summary>delete KIND NAME... or delete -f FILE: all named resources go in one transaction, or none do.</summary>
internal static class DeleteCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("delete", "Delete resources by kind and name, or those in a file.");
        var kind = CommonOptions.Kind();
        var names = CommonOptions.Names();
        var file = CommonOptions.Filename();
        var recursive = CommonOptions.Recursive();
        var config = CommonOptions.Config();
        var ns = CommonOptions.Namespace();
        var skipEmpty = CommonOptions.SkipEmpty();
        var skipNotExists = new Option<bool>("--skip-not-exists", "-s") { Description = "Do not fail when a resource does not exist." };
        command.Arguments.Add(kind);
        command.Arguments.Add(names);
        foreach (var option in new Option[] { file, recursive, config, ns, skipEmpty, skipNotExists })
        {
            command.Options.Add(option);
        }

        CommonOptions.AddCompatibility(command);
        command.SetAction(async (parsed, ct) =>
        {
            List<DeleteRequest> requests;
            if (parsed.GetValue(file) is { } filename)
            {
                var inputs = await ResourceInputReader.ReadAsync(filename, parsed.GetValue(recursive), parsed.GetValue(skipEmpty), context.Environment.Stdin, ct).ConfigureAwait(false);
                requests = inputs.Select(i => new DeleteRequest(i.Kind, i.Kind.IsNamespaced ? i.Resource.Namespace ?? parsed.GetValue(ns) : null, i.Resource.Name)
                {
                    Source = i.Source,
                    DocumentIndex = i.DocumentIndex,
                }).ToList();
            }
            else
            {
                var resolved = KindResolver.Resolve(parsed.GetValue(kind));
                var given = parsed.GetValue(names) ?? [];
                if (given.Length == 0)
                {
                    throw new CtlException($"delete {resolved.Names[0]}: name the resources to delete (or use -f FILE)");
                }

                requests = given.Select(n => new DeleteRequest(resolved, parsed.GetValue(ns), n)).ToList();
            }

            if (requests.Count == 0)
            {
                return 0;
            }

            await using var session = await context.OpenAsync(parsed.GetValue(config), ct).ConfigureAwait(false);
            var results = await session.Store.DeleteAsync(requests, parsed.GetValue(skipNotExists), ct).ConfigureAwait(false);
            var deleted = results.Where(r => r.Deleted is not null).Select(r => r.Request.Kind).ToList();
            await context.Out.WriteLineAsync(WriteSummary.Format("deleted", deleted)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
