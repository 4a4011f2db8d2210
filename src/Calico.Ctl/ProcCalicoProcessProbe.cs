namespace Calico.Ctl;

/// <summary>Looks through /proc for a process whose program (argv[0]) is named calico-node.</summary>
internal sealed class ProcCalicoProcessProbe : ICalicoProcessProbe
{
    public bool IsCalicoNodeRunning()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(directory, "cmdline"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // The process ended, or is not ours to read.
            }

            var program = cmdline.Split('\0', 2)[0];
            if (string.Equals(Path.GetFileName(program), "calico-node", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
