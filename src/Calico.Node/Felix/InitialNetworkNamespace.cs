using Calico.Netlink;

namespace Calico.Node.Felix;

/// <summary>Tells whether this process may be in the machine's initial network namespace.</summary>
internal static class InitialNetworkNamespace
{
    private const string NamedNamespaces = "/var/run/netns";

    /// <summary>
    /// False only when this process's network namespace is provably not the initial one: it is one of the named
    /// namespaces in /var/run/netns (how calico-lab makes nodes), or it differs from PID 1's. When neither can be told,
    /// true (fail safe).
    /// </summary>
    public static bool IsCurrent()
    {
        using var current = NetworkNamespace.OpenCurrent();
        if (Directory.Exists(NamedNamespaces))
        {
            foreach (var path in Directory.EnumerateFiles(NamedNamespaces))
            {
                try
                {
                    using var named = NetworkNamespace.Open(path);
                    if (named.IsSameAs(current))
                    {
                        return false;
                    }
                }
                catch (Exception e) when (e is NetlinkException or IOException or UnauthorizedAccessException)
                {
                    // A stale or unreadable entry says nothing either way.
                }
            }
        }

        try
        {
            using var init = NetworkNamespace.OpenForProcess(1);
            return init.IsSameAs(current);
        }
        catch (Exception e) when (e is NetlinkException or IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
