using System.CommandLine;
using Calico.Api.Serialization;
using Calico.Datastore;
using Calico.Lab.Commands;

namespace Calico.Lab;

/// <summary>The calico-lab command tree: a cluster of network namespaces on one machine.</summary>
public static class CalicoLab
{
    public static async Task<int> RunAsync(string[] args, LabEnvironment environment, CancellationToken ct)
    {
        var root = new RootCommand("calico-lab: a Calico cluster on one machine, nodes and pods as network namespaces.");
        foreach (var command in LabCommands.Build(environment))
        {
            root.Subcommands.Add(command);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await environment.Stderr.WriteLineAsync($"calico-lab: {error.Message}").ConfigureAwait(false);
            }

            return 1;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = environment.Stdout, Error = environment.Stderr, EnableDefaultExceptionHandler = false }, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LabException or ResourceInputException or DatastoreException or IOException)
        {
            await environment.Stderr.WriteLineAsync($"calico-lab: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
