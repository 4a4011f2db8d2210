using System.Diagnostics;
using Calico.Lab.Runtime;

namespace Calico.Lab.Tests;

/// <summary>
/// The start-up waits' notion of "exited": a PID that is gone or a zombie. The command line is not consulted (it is
/// briefly empty while a process execs), so a live process whose command line says nothing about the daemon is alive.
/// </summary>
public sealed class ProcessPresenceTests
{
    [Fact]
    public void ThisProcess_IsAlive() => Assert.True(ProcessPresence.IsAlive(Environment.ProcessId));

    [Fact]
    public async Task AnExitedProcess_IsNotAlive()
    {
        // The child is the shell's, not ours: once it exits it is a zombie until the shell reaps it, then gone; either
        // way it must no longer count as alive.
        using var shell = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 0.05 & echo $!; sleep 2"]) { RedirectStandardOutput = true })!;
        var child = int.Parse((await shell.StandardOutput.ReadLineAsync())!.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ProcessPresence.IsAlive(child));

        var deadline = Stopwatch.StartNew();
        while (ProcessPresence.IsAlive(child) && deadline.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            await Task.Delay(20);
        }

        Assert.False(ProcessPresence.IsAlive(child), $"PID {child} (exited sleep, a zombie until its shell reaps it) still counts as alive after it exited");
        await shell.WaitForExitAsync();
        Assert.False(ProcessPresence.IsAlive(child));
    }
}
