using System.CommandLine;

namespace Calico.Ctl.Commands;

/// <summary>datastore migrate export|import|lock|unlock: move everything between datastores (Calico's calicoctl datastore).</summary>
internal static class DatastoreCommand
{
    public static Command Create(CommandContext context)
    {
        var migrate = new Command("migrate", "Move the whole datastore to another one (SQLite ⇄ etcd): lock, export, import, unlock.");
        migrate.Subcommands.Add(MigrateExportCommand.Create(context));
        migrate.Subcommands.Add(MigrateImportCommand.Create(context));
        migrate.Subcommands.Add(MigrateLockCommand.Create(context, locking: true));
        migrate.Subcommands.Add(MigrateLockCommand.Create(context, locking: false));
        var command = new Command("datastore", "Datastore commands.");
        command.Subcommands.Add(migrate);
        return command;
    }
}
