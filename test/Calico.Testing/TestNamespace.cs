using System.Text.Json;
using Calico.Netlink;

namespace Calico.Testing;

/// <summary>
/// A network namespace made for one test (<c>ip netns add calico-test-AREA-ROLE-ctXXXXXXXX</c>, AREA naming the test
/// project: nl, nft, fdp, fdr) with a handle on it and, on first use, a netlink connection inside it. Refuses this
/// process's own (root) namespace; deleted on Dispose (also when the test failed). Every command runs inside it
/// (<c>ip netns exec</c>, <c>ip -n</c>), never in the root namespace.
/// </summary>
public sealed class TestNamespace : IDisposable
{
    /// <summary>The start of every name this class makes.</summary>
    public const string Prefix = "calico-test-";

    private readonly Lazy<IRouteNetlink> _netlink;

    private TestNamespace(string name, NetworkNamespace handle)
    {
        Name = name;
        Handle = handle;
        _netlink = new Lazy<IRouteNetlink>(() => new RouteNetlinkFactory().Open(handle), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Name { get; }

    public NetworkNamespace Handle { get; }

    /// <summary>A netlink connection inside the namespace, opened on first use and closed on Dispose.</summary>
    public IRouteNetlink Netlink => _netlink.Value;

    /// <summary>Creates <c>calico-test-AREA-ROLE-ctXXXXXXXX</c> and checks it is not this process's own namespace.</summary>
    public static TestNamespace Create(string area, string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(area);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        var name = $"{Prefix}{area}-{role}-{UniqueNames.Lab()}";
        ProcessRunner.Run("ip", "netns", "add", name);
        NetworkNamespace? handle = null;
        try
        {
            handle = NetworkNamespace.OpenNamed(name);
            // The namespace this process runs in is the one that must never change (/proc/1 may be out of reach here).
            using (var own = NetworkNamespace.Open("/proc/self/ns/net"))
            {
                if (handle.IsSameAs(own))
                {
                    throw new InvalidOperationException($"refusing to test in {name}: it is this process's own (root) network namespace");
                }
            }

            return new TestNamespace(name, handle);
        }
        catch
        {
            handle?.Dispose();
            ProcessRunner.TryRun("ip", "netns", "del", name);
            throw;
        }
    }

    /// <summary>A command run inside the namespace (<c>ip netns exec NAME COMMAND...</c>).</summary>
    public string Exec(params string[] command) => ProcessRunner.Run("ip", ["netns", "exec", Name, .. command]);

    /// <summary><c>ip netns exec NAME nft ARGS</c>.</summary>
    public string Nft(params string[] arguments) => Exec(["nft", .. arguments]);

    /// <summary><c>ip netns exec NAME ip ARGS</c>.</summary>
    public string Ip(params string[] arguments) => Exec(["ip", .. arguments]);

    /// <summary><c>ip -n NAME -j ARGS</c> parsed as JSON (a fresh document per call).</summary>
    public JsonElement IpJson(params string[] arguments)
    {
        var output = ProcessRunner.Run("ip", ["-n", Name, "-j", .. arguments]);
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "[]" : output);
        return document.RootElement.Clone();
    }

    /// <summary>A /proc/sys value read inside the namespace (PATH like <c>net/ipv4/conf/all/forwarding</c>).</summary>
    public string ReadSysctl(string path) => Exec("cat", "/proc/sys/" + path).Trim();

    /// <summary><c>ip netns exec NAME sysctl -q -w SETTING</c> (per-namespace settings only, like <c>net.ipv4.ip_forward=1</c>).</summary>
    public void WriteSysctl(string setting) => Exec("sysctl", "-q", "-w", setting);

    public void Dispose()
    {
        try
        {
            if (_netlink.IsValueCreated)
            {
                _netlink.Value.Dispose();
            }
        }
        finally
        {
            try
            {
                Handle.Dispose();
            }
            finally
            {
                ProcessRunner.TryRun("ip", "netns", "del", Name);
            }
        }
    }
}
