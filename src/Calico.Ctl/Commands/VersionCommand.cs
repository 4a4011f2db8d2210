using System.CommandLine;
using Calico.Api;
using Calico.Api.Resources;

namespace Calico.Ctl.Commands;

/// <summary>version: the client version, and the cluster's if the datastore answers.</summary>
internal static class VersionCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("version", "Show the client and cluster versions.");
        var client = new Option<bool>("--client") { Description = "Only the client version." };
        var config = CommonOptions.Config();
        command.Options.Add(client);
        command.Options.Add(config);
        command.Options.Add(new Option<string?>("--poll") { Description = "Accepted for compatibility." });
        CommonOptions.AddCompatibility(command);
        command.SetAction(async (parsed, ct) =>
        {
            await context.Out.WriteLineAsync($"Client Version:    {CalicoCtl.Version}").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"Git commit:        {typeof(CalicoCtl).Assembly.GetName().Version}").ConfigureAwait(false);
            if (parsed.GetValue(client))
            {
                return 0;
            }

            await using var session = await context.OpenAsync(parsed.GetValue(config), ct).ConfigureAwait(false);
            var info = await session.Store.GetAsync(ResourceKinds.ClusterInformation, null, "default", ct).ConfigureAwait(false) as ClusterInformation;
            await context.Out.WriteLineAsync($"Cluster Version:   {info?.Spec.CalicoVersion ?? "unknown (no ClusterInformation yet)"}").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"Cluster Type:      {info?.Spec.ClusterType ?? session.Datastore.BackendName}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
