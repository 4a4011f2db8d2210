namespace Calico.Lab.Runtime;

/// <summary>
/// What /proc says about a PID the lab recorded for one of its daemons (calico-node, etcd members, calico-typha).
/// Whether the process is still alive is what start-up waits ask; whose it is (its command line) is what a kill asks
/// first. The two differ: while a process execs (setsid, then ip netns exec, then env, then the daemon)
/// /proc/PID/cmdline is briefly empty, and a loaded machine widens that window.
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

    /// <summary>The process's command line, its arguments joined by spaces; null when the PID is gone.</summary>
    public static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The last lines of a daemon's log for an error message, or "(no log)".</summary>
    public static string LogTail(string logFile, int lines = 15) =>
        File.Exists(logFile) ? string.Join(Environment.NewLine, File.ReadLines(logFile).TakeLast(lines)) : "(no log)";
}
