using System.CommandLine;
using Calico.Ipam;

namespace Calico.Ctl.Commands;

/// <summary>ipam: show usage and allocations, check consistency, release addresses (Calico's calicoctl ipam).</summary>
internal static class IpamCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("ipam", "IP address management: show, check, release.");
        command.Subcommands.Add(IpamShowCommand.Create(context));
        command.Subcommands.Add(IpamCheckCommand.Create(context));
        command.Subcommands.Add(IpamReleaseCommand.Create(context));
        return command;
    }

    /// <summary>Opens the datastore, runs <paramref name="action"/> with an IPAM client, and turns IPAM failures into one-line errors.</summary>
    public static async Task<int> RunAsync(CommandContext context, string? configFile, Func<IIpamClient, Task<int>> action, CancellationToken ct)
    {
        await using var session = await context.OpenAsync(configFile, ct).ConfigureAwait(false);
        var ipam = IpamClientFactory.Create(session.Datastore, context.Environment.TimeProvider);
        try
        {
            return await action(ipam).ConfigureAwait(false);
        }
        catch (IpamException e)
        {
            throw new CtlException(e.Message);
        }
    }
}
