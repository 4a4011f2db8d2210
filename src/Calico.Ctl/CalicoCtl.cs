using System.CommandLine;
using Calico.Api.Serialization;
using Calico.Client.Configuration;
using Calico.Ctl.Commands;
using Calico.Datastore;

namespace Calico.Ctl;

/// <summary>The calicoctl command tree and its error handling: every failure is one line on stderr and exit code 1.</summary>
public static class CalicoCtl
{
    public const string Version = "v3.30.0-csharp";

    public static async Task<int> RunAsync(string[] args, CtlEnvironment environment, CancellationToken ct)
    {
        var root = new RootCommand("calicoctl: manage Calico resources, IPAM and nodes.");
        var context = new CommandContext(environment);
        foreach (var command in CommandTree.Build(context))
        {
            root.Subcommands.Add(command);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await environment.Stderr.WriteLineAsync($"calicoctl: {error.Message}").ConfigureAwait(false);
            }

            await environment.Stderr.WriteLineAsync("Run 'calicoctl --help' for usage.").ConfigureAwait(false);
            return 1;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = environment.Stdout, Error = environment.Stderr, EnableDefaultExceptionHandler = false }, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CtlException or ResourceInputException or DatastoreException or DatastoreConfigException or IOException or UnauthorizedAccessException)
        {
            await environment.Stderr.WriteLineAsync($"calicoctl: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await environment.Stderr.WriteLineAsync($"calicoctl: unexpected error ({e.GetType().Name}): {e.Message}").ConfigureAwait(false);
            return 2;
        }
    }
}
