using System.Diagnostics;

namespace Calico.Lab.Runtime;

/// <summary>Ends a lab daemon by its PID (the callers check its identity first): never by name.</summary>
internal static class ProcessTermination
{
    /// <summary>SIGKILL to the process and its children, then waits for it to exit. One that exited meanwhile is done already.</summary>
    public static async Task KillAsync(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // It exited between the identity check and the kill.
        }
    }
}
