using System.CommandLine;
using Calico.Client.Migration;

namespace Calico.Ctl.Commands;

/// <summary>datastore migrate export: every resource of the (locked) datastore, as a versioned YAML file on stdout.</summary>
internal static class MigrateExportCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("export", "Write every resource of the locked datastore (IPAM included) to stdout, for 'datastore migrate import'.");
        var config = CommonOptions.Config();
        command.Options.Add(config);
        CommonOptions.AddCompatibility(command);
        command.SetAction(async (parsed, ct) =>
        {
            await using var session = await context.OpenAsync(parsed.GetValue(config), ct).ConfigureAwait(false);
            try
            {
                // Into memory first: a failure must not leave half a file on stdout.
                var text = new StringWriter();
                await DatastoreExporter.ExportAsync(session.Datastore, text, context.Environment.TimeProvider, ct).ConfigureAwait(false);
                await context.Out.WriteAsync(text.ToString()).ConfigureAwait(false);
                return 0;
            }
            catch (MigrationException e)
            {
                throw new CtlException($"datastore migrate export: {e.Message}");
            }
        });
        return command;
    }
}
