using System.Text.Json;
using Calico.Netlink;

namespace Calico.Felix.Dataplane.Routing.Tests.Infrastructure;

/// <summary>
/// A network namespace made for one test (<c>ip netns add calico-test-fdr-ROLE-ctXXXXXXXX</c>) with a handle and a
/// netlink connection inside it. Refuses this process's own namespace; deleted on Dispose (also when the test failed).
/// </summary>
internal sealed class TestNamespace : IDisposable
{
    public const string Prefix = "calico-test-fdr-";

    private TestNamespace(string name, NetworkNamespace handle, IRouteNetlink netlink)
    {
        Name = name;
        Handle = handle;
        Netlink = netlink;
    }

    public string Name { get; }

    public NetworkNamespace Handle { get; }

    public IRouteNetlink Netlink { get; }

    public static TestNamespace Create(string role)
    {
        var name = $"{Prefix}{role}-{UniqueNames.Lab()}";
        ProcessRunner.Run("ip", "netns", "add", name);
        NetworkNamespace? handle = null;
        try
        {
            handle = NetworkNamespace.OpenNamed(name);
            using (var own = NetworkNamespace.Open("/proc/self/ns/net"))
            {
                if (handle.IsSameAs(own))
                {
                    throw new InvalidOperationException($"refusing to test in {name}: it is this process's own (root) network namespace");
                }
            }

            return new TestNamespace(name, handle, new RouteNetlinkFactory().Open(handle));
        }
        catch
        {
            handle?.Dispose();
            ProcessRunner.TryRun("ip", "netns", "del", name);
            throw;
        }
    }

    /// <summary><c>ip -n NAME -j ARGS</c> parsed as JSON.</summary>
    public JsonElement IpJson(params string[] arguments)
    {
        var output = ProcessRunner.Run("ip", ["-n", Name, "-j", .. arguments]);
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "[]" : output);
        return document.RootElement.Clone();
    }

    /// <summary>A command run inside the namespace (<c>ip netns exec NAME ...</c>).</summary>
    public string Exec(params string[] command) => ProcessRunner.Run("ip", ["netns", "exec", Name, .. command]);

    /// <summary>A /proc/sys value read inside the namespace.</summary>
    public string Sysctl(string path) => Exec("cat", "/proc/sys/" + path).Trim();

    public void Dispose()
    {
        Netlink.Dispose();
        Handle.Dispose();
        ProcessRunner.TryRun("ip", "netns", "del", Name);
    }
}
