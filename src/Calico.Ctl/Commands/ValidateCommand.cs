using System.CommandLine;
using Calico.Api.Defaults;
using Calico.Api.Serialization;
using Calico.Api.Validation;
using Calico.Ctl.Input;

namespace Calico.Ctl.Commands;

/// <summary>validate -f FILE: decode, default and validate every document without touching the datastore.</summary>
internal static class ValidateCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("validate", "Check resources in a file without writing them.");
        var file = CommonOptions.Filename();
        var recursive = CommonOptions.Recursive();
        var skipEmpty = CommonOptions.SkipEmpty();
        command.Options.Add(file);
        command.Options.Add(recursive);
        command.Options.Add(skipEmpty);
        CommonOptions.AddCompatibility(command);
        command.SetAction(async (parsed, ct) =>
        {
            var inputs = await ResourceInputReader.ReadAsync(parsed.GetValue(file), parsed.GetValue(recursive), parsed.GetValue(skipEmpty), context.Environment.Stdin, ct).ConfigureAwait(false);
            foreach (var input in inputs)
            {
                var resource = ResourceCodec.Clone(input.Resource);
                if (input.Kind.IsNamespaced)
                {
                    resource.Metadata.Namespace ??= "default";
                }

                ResourceDefaulter.Apply(resource);
                if (ResourceValidator.Validate(resource) is [var first, ..] errors)
                {
                    var more = errors.Count > 1 ? $" (and {errors.Count - 1} more)" : string.Empty;
                    throw new ResourceInputException(input.Source, input.DocumentIndex, input.Description, first.FieldPath, first.Reason + more);
                }
            }

            await context.Out.WriteLineAsync(WriteSummary.Format("validated", inputs.Select(i => i.Kind).ToList())).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
