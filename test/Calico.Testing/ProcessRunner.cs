using System.Diagnostics;
using System.Text;

namespace Calico.Testing;

/// <summary>Runs a command (no shell) and returns its output; throws with stderr when it fails.</summary>
public static class ProcessRunner
{
    public static string Run(string file, params string[] arguments)
    {
        var (exitCode, output, error) = TryRun(file, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {exitCode}: {error.Trim()}");
        }

        return output;
    }

    public static (int ExitCode, string Output, string Error) TryRun(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        var error = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (error)
                {
                    error.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        lock (error)
        {
            return (process.ExitCode, output, error.ToString());
        }
    }
}
