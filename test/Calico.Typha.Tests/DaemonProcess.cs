using System.Diagnostics;
using System.Text;

namespace Calico.Typha.Tests;

/// <summary>
/// A real daemon (calico-typha or calico-node, the dlls built next to the tests) run as a process, optionally inside a
/// test network namespace; stopped by PID with SIGTERM (then killed) on dispose.
/// </summary>
internal sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DaemonProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <param name="dll">calico-typha.dll or calico-node.dll.</param>
    /// <param name="environment">Variables set for it (nothing inherited but PATH, HOME and DOTNET_*).</param>
    /// <param name="networkNamespace">Run inside this named namespace (ip netns exec), or null.</param>
    public static DaemonProcess Start(string dll, IReadOnlyDictionary<string, string> environment, string? networkNamespace = null)
    {
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var start = new ProcessStartInfo(networkNamespace is null ? dotnet : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (networkNamespace is not null)
        {
            foreach (var argument in new[] { "netns", "exec", networkNamespace, dotnet })
            {
                start.ArgumentList.Add(argument);
            }
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "DOTNET_CLI_HOME" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new DaemonProcess(Process.Start(start) ?? throw new InvalidOperationException($"cannot start {dll}"));
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM by PID; the daemon stops cleanly.</summary>
    public void Terminate() => Calico.Testing.ProcessRunner.TryRun("kill", "-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Terminate();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
