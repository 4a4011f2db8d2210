using System.CommandLine;
using System.Globalization;
using Calico.Client.Migration;

namespace Calico.Ctl.Commands;

/// <summary>
/// datastore migrate import -f FILE: validates the whole export first, then writes it into an empty datastore all or
/// nothing. The target stays locked (the export's ClusterInformation) until 'datastore migrate unlock'.
/// </summary>
internal static class MigrateImportCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("import", "Write a file from 'datastore migrate export' into an empty datastore, all or nothing.");
        var file = new Option<string>("--filename", "-f") { Description = "The export file, or - for stdin.", Required = true };
        var config = CommonOptions.Config();
        command.Options.Add(file);
        command.Options.Add(config);
        CommonOptions.AddCompatibility(command);
        command.SetAction(async (parsed, ct) =>
        {
            var path = parsed.GetValue(file)!;
            try
            {
                // The whole file is read and checked before the datastore is even opened.
                var export = ExportFileReader.Read(await ReadAsync(context, path, ct).ConfigureAwait(false), path == "-" ? "stdin" : path);
                await using var session = await context.OpenAsync(parsed.GetValue(config), ct).ConfigureAwait(false);
                var result = await new DatastoreImporter(session.Datastore).ImportAsync(export, ct).ConfigureAwait(false);
                var header = export.Header;
                await context.Out.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Imported {result.Resources} resource(s) into the {session.Datastore.BackendName} datastore in {result.Transactions} transaction(s) " +
                    $"(exported from {header.SourceBackend} at revision {header.SourceRevision}, {header.ExportedAt.UtcDateTime:u}).")).ConfigureAwait(false);
                await context.Out.WriteLineAsync("The datastore is locked: check it, point calico-node and the CNI plugin at it, then run 'calicoctl datastore migrate unlock'.").ConfigureAwait(false);
                return 0;
            }
            catch (MigrationException e)
            {
                throw new CtlException($"datastore migrate import: {e.Message}");
            }
        });
        return command;
    }

    private static async Task<string> ReadAsync(CommandContext context, string path, CancellationToken ct)
    {
        if (path == "-")
        {
            return await context.Environment.Stdin.ReadToEndAsync(ct).ConfigureAwait(false);
        }

        try
        {
            return await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CtlException($"datastore migrate import: cannot read {path}: {e.Message}");
        }
    }
}
