namespace Calico.Node.Felix;

/// <summary>Tells whether this process runs in the machine's initial network namespace (the one PID 1 is in).</summary>
internal static class InitialNetworkNamespace
{
    /// <summary>True when /proc/self/ns/net and /proc/1/ns/net are the same namespace; true as well when it cannot be told (fail safe).</summary>
    public static bool IsCurrent()
    {
        try
        {
            var own = new FileInfo("/proc/self/ns/net").LinkTarget;
            var init = new FileInfo("/proc/1/ns/net").LinkTarget;
            return own is null || init is null || string.Equals(own, init, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
