using System.Diagnostics;

namespace Calico.Datastore.Tests;

/// <summary>
/// One running Calico.Datastore.StressClient (built beside the tests through a project reference), started with
/// the dotnet host. Disposing kills it by its own process handle if it is still running.
/// </summary>
internal sealed class StressClientProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    public StressClientProcess(string databasePath, string id, int increments)
    {
        var client = Path.Combine(AppContext.BaseDirectory, "Calico.Datastore.StressClient.dll");
        if (!File.Exists(client))
        {
            throw new FileNotFoundException("The stress client was not built beside the tests.", client);
        }

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { client, "--path", databasePath, "--id", id, "--increments", increments.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the stress client.");
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _stderr = _process.StandardError.ReadToEndAsync();
    }

    /// <summary>Waits for the process to exit and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> WaitAsync(CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct);
        return (_process.ExitCode, await _stdout, await _stderr);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && string.Equals(Path.GetFileNameWithoutExtension(current), "dotnet", StringComparison.Ordinal))
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
