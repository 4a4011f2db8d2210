using System.Security.Cryptography;
using Calico.Netlink;

namespace Calico.Felix.Dataplane.Tests.Infrastructure;

/// <summary>
/// A network namespace made for one test (<c>ip netns add calico-test-fdp-ROLE-RANDOM</c>) and a handle on it.
/// Refuses to hand out this process's own namespace; deleted on Dispose (also when the test failed). Every command
/// runs inside it (<c>ip netns exec</c>), never in the root namespace.
/// </summary>
internal sealed class TestNamespace : IDisposable
{
    public const string Prefix = "calico-test-fdp-";

    private TestNamespace(string name, NetworkNamespace handle)
    {
        Name = name;
        Handle = handle;
    }

    public string Name { get; }

    public NetworkNamespace Handle { get; }

    public static TestNamespace Create(string role)
    {
        var name = $"{Prefix}{role}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
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

            return new TestNamespace(name, handle);
        }
        catch
        {
            handle?.Dispose();
            ProcessRunner.TryRun("ip", "netns", "del", name);
            throw;
        }
    }

    /// <summary><c>ip netns exec NAME COMMAND ARGS</c>.</summary>
    public string Exec(string command, params string[] arguments) => ProcessRunner.Run("ip", ["netns", "exec", Name, command, .. arguments]);

    /// <summary><c>ip netns exec NAME nft ARGS</c>.</summary>
    public string Nft(params string[] arguments) => Exec("nft", arguments);

    /// <summary><c>ip netns exec NAME ip ARGS</c>.</summary>
    public string Ip(params string[] arguments) => Exec("ip", arguments);

    /// <summary><c>ip netns exec NAME sysctl -w SETTING</c> (per-namespace settings only).</summary>
    public void Sysctl(string setting) => Exec("sysctl", "-q", "-w", setting);

    public void Dispose()
    {
        Handle.Dispose();
        ProcessRunner.TryRun("ip", "netns", "del", Name);
    }
}
