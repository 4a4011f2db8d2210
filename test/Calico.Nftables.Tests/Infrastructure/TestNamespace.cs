using System.Security.Cryptography;
using System.Text.Json;
using Calico.Netlink;

namespace Calico.Nftables.Tests.Infrastructure;

/// <summary>
/// A network namespace made for one test (<c>ip netns add calico-test-nft-ROLE-RANDOM</c>) and a handle on it.
/// Refuses to hand out this process's own namespace; deleted on Dispose (also when the test failed).
/// </summary>
internal sealed class TestNamespace : IDisposable
{
    public const string Prefix = "calico-test-nft-";

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

    /// <summary><c>ip netns exec NAME nft ARGS</c>.</summary>
    public string Nft(params string[] arguments) => ProcessRunner.Run("ip", ["netns", "exec", Name, "nft", .. arguments]);

    /// <summary><c>ip netns exec NAME nft -j list ruleset</c>, parsed.</summary>
    public KernelView Ruleset() => KernelView.Parse(Nft("-j", "list", "ruleset"));

    public void Dispose()
    {
        Handle.Dispose();
        ProcessRunner.TryRun("ip", "netns", "del", Name);
    }
}
