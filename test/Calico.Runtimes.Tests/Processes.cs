using System.Diagnostics;

namespace Calico.Runtimes.Tests;

/// <summary>What a finished process printed, and how long it took.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public ProcessResult ShouldSucceed()
    {
        Assert.True(ExitCode == 0, $"`{CommandLine}` failed ({ExitCode}):\n{Stdout}\n{Stderr}");
        return this;
    }

    public override string ToString() => $"`{CommandLine}` → {ExitCode} in {Elapsed.TotalMilliseconds:F0} ms\n{Stdout}\n{Stderr}";
}

/// <summary>
/// Runs programs with a time limit. On timeout the process and its children are killed by PID (the tree the test started)
/// and the call fails with the command line. Output is read to its end, so a daemon that keeps our pipe open is a bug
/// the caller sees as a timeout, not a hang.
/// </summary>
public static class Processes
{
    /// <summary>PATH for the runtimes (runc, conmon, nsenter are in sbin).</summary>
    public const string SystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static async Task<ProcessResult> RunAsync(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? stdin = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(program, args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PATH"] = SystemPath;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var commandLine = string.Join(' ', [program, .. info.ArgumentList]);
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {commandLine}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        try
        {
            using var cts = new CancellationTokenSource(limit);
            await process.WaitForExitAsync(cts.Token);
            await Task.WhenAll(stdout, stderr).WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw new TimeoutException($"`{commandLine}` did not finish within {limit.TotalSeconds} s (killed, PID {process.Id})");
        }

        return new ProcessResult(commandLine, process.ExitCode, await stdout, await stderr, Stopwatch.GetElapsedTime(started));
    }

    public static Task<ProcessResult> RunAsync(string program, params string[] args) => RunAsync(program, args, null);

    public static async Task<ProcessResult> RunOkAsync(string program, params string[] args) => (await RunAsync(program, args, null)).ShouldSucceed();

    /// <summary>Kills a process the test started, and its descendants, by PID.</summary>
    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
