using System.Diagnostics;

namespace Calico.Netlink.Benchmarks;

/// <summary>Runs a process (no shell) to completion.</summary>
internal static class Command
{
    public static void Run(string file, params string[] arguments)
    {
        var exitCode = TryRun(file, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {exitCode}");
        }
    }

    public static int TryRun(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        process.WaitForExit();
        return process.ExitCode;
    }
}
