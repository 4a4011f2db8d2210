namespace Calico.Lab.Runtime;

/// <summary>
/// Whether a PID still names a live process, for waits right after a start. A command line check (is it still
/// calico-node, still this etcd member?) is right before a kill, but not here: while a process execs (setsid, then
/// ip netns exec, then env, then the daemon) /proc/PID/cmdline is briefly empty, and a loaded machine widens that window.
/// </summary>
internal static class ProcessPresence
{
    /// <summary>True while /proc/PID exists and the process is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            // /proc/PID/stat: "PID (comm) S ..."; comm may hold spaces and parentheses, so the state follows the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] != 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
