using System.CommandLine;
using Calico.Client.Store;
using Calico.Ctl.Input;

namespace Calico.Ctl.Commands;

/// <summary>create, apply and replace: read every document, check them all, write them in one transaction.</summary>
internal static class WriteCommand
{
    public static Command Create(string name, WriteMode mode, string description, CommandContext context)
    {
        var command = new Command(name, description);
        var file = CommonOptions.Filename();
        var recursive = CommonOptions.Recursive();
        var config = CommonOptions.Config();
        var ns = CommonOptions.Namespace();
        var skipEmpty = CommonOptions.SkipEmpty();
        var skipExists = new Option<bool>("--skip-exists") { Description = "Skip resources that already exist (create only)." };
        command.Options.Add(file);
        command.Options.Add(recursive);
        command.Options.Add(config);
        command.Options.Add(ns);
        command.Options.Add(skipEmpty);
        if (mode == WriteMode.Create)
        {
            command.Options.Add(skipExists);
        }

        CommonOptions.AddCompatibility(command);
        command.SetAction(async (parsed, ct) =>
        {
            var inputs = await ResourceInputReader.ReadAsync(parsed.GetValue(file), parsed.GetValue(recursive), parsed.GetValue(skipEmpty), context.Environment.Stdin, ct).ConfigureAwait(false);
            if (inputs.Count == 0)
            {
                return 0;
            }

            await using var session = await context.OpenAsync(parsed.GetValue(config), ct).ConfigureAwait(false);
            var options = new WriteOptions { DefaultNamespace = parsed.GetValue(ns), SkipExisting = mode == WriteMode.Create && parsed.GetValue(skipExists) };
            var results = await session.Store.WriteAsync(inputs, mode, options, ct).ConfigureAwait(false);
            var verb = mode switch { WriteMode.Create => "created", WriteMode.Replace => "replaced", _ => "applied" };
            await context.Out.WriteLineAsync(WriteSummary.Format(verb, results.Select(r => r.Input.Kind).ToList(),
                results.Count(r => r.Outcome == WriteOutcome.Unchanged), results.Count(r => r.Outcome == WriteOutcome.Skipped))).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
