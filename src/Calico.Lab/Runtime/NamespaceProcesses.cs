using System.Globalization;

namespace Calico.Lab.Runtime;

/// <summary>
/// The processes inside one of the lab's network namespaces (<c>ip netns pids</c>), killed by PID: what a crashed run
/// started but never recorded is found this way before its namespace is deleted (a process would keep it alive).
/// </summary>
internal static class NamespaceProcesses
{
    public static async Task<IReadOnlyList<int>> ListAsync(string namespaceName)
    {
        if (!NetworkNamespaces.Exists(namespaceName))
        {
            return [];
        }

        var result = await ProcessRunner.RunAsync("ip", ["netns", "pids", namespaceName]).ConfigureAwait(false);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(p => p > 0)
            .ToList();
    }

    /// <summary>Kills (SIGKILL) every process in the namespace and waits for each to exit.</summary>
    public static async Task KillAllAsync(string namespaceName)
    {
        foreach (var pid in await ListAsync(namespaceName).ConfigureAwait(false))
        {
            await ProcessTermination.KillAsync(pid).ConfigureAwait(false);
        }
    }
}
