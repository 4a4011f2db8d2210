namespace Calico.Lab.Runtime;

/// <summary>Creates, lists and deletes named network namespaces (/var/run/netns) and runs `ip` inside them.</summary>
internal static class NetworkNamespaces
{
    public const string Directory = "/var/run/netns";

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static bool Exists(string name) => File.Exists(PathOf(name));

    public static IEnumerable<string> List() =>
        System.IO.Directory.Exists(Directory) ? System.IO.Directory.EnumerateFiles(Directory).Select(Path.GetFileName).OfType<string>() : [];

    public static async Task CreateAsync(string name)
    {
        await ProcessRunner.RunCheckedAsync("ip", "netns", "add", name).ConfigureAwait(false);
        await IpAsync(name, "link", "set", "lo", "up").ConfigureAwait(false);
    }

    public static async Task DeleteAsync(string name)
    {
        if (Exists(name))
        {
            await ProcessRunner.RunAsync("ip", ["netns", "del", name]).ConfigureAwait(false);
        }
    }

    /// <summary>`ip -n NAME ARGS...`: never touches the root namespace.</summary>
    public static Task<string> IpAsync(string name, params string[] args) =>
        ProcessRunner.RunCheckedAsync("ip", ["-n", name, .. args]);

    /// <summary>Writes a sysctl inside the namespace.</summary>
    public static Task SysctlAsync(string name, string key, string value) =>
        ProcessRunner.RunCheckedAsync("ip", "netns", "exec", name, "sysctl", "-qw", $"{key}={value}");
}
