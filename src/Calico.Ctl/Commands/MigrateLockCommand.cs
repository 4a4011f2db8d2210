using System.CommandLine;
using Calico.Client.Migration;

namespace Calico.Ctl.Commands;

/// <summary>
/// datastore migrate lock|unlock: sets ClusterInformation "default" spec.datastoreReady to false or true. While it is
/// false, IPAM (the CNI plugin, calico-ipam, calicoctl ipam release) refuses to write.
/// </summary>
internal static class MigrateLockCommand
{
    public static Command Create(CommandContext context, bool locking)
    {
        var command = locking
            ? new Command("lock", "Lock the datastore for a migration: IPAM (CNI ADD/DEL) refuses to write until 'unlock'.")
            : new Command("unlock", "Unlock the datastore after a migration: IPAM writes again.");
        var config = CommonOptions.Config();
        command.Options.Add(config);
        CommonOptions.AddCompatibility(command);
        command.SetAction(async (parsed, ct) =>
        {
            await using var session = await context.OpenAsync(parsed.GetValue(config), ct).ConfigureAwait(false);
            var migrationLock = new DatastoreLock(session.Datastore);
            try
            {
                var changed = locking
                    ? await migrationLock.LockAsync(CalicoCtl.Version, ct).ConfigureAwait(false)
                    : await migrationLock.UnlockAsync(CalicoCtl.Version, ct).ConfigureAwait(false);
                var state = locking ? "locked" : "unlocked";
                await context.Out.WriteLineAsync(changed ? $"Datastore {state}." : $"Datastore was already {state}.").ConfigureAwait(false);
                return 0;
            }
            catch (MigrationException e)
            {
                throw new CtlException($"datastore migrate {(locking ? "lock" : "unlock")}: {e.Message}");
            }
        });
        return command;
    }
}
