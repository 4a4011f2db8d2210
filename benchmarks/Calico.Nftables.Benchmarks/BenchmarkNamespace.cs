using System.Security.Cryptography;
using Calico.Netlink;

namespace Calico.Nftables.Benchmarks;

/// <summary>The scratch namespace (calico-bench-nft-RANDOM), created with ip netns and deleted on Dispose; never this process's own.</summary>
internal sealed class BenchmarkNamespace : IDisposable
{
    private BenchmarkNamespace(string name, NetworkNamespace handle)
    {
        Name = name;
        Handle = handle;
    }

    public string Name { get; }

    public NetworkNamespace Handle { get; }

    public static BenchmarkNamespace Create()
    {
        var name = "calico-bench-nft-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        Command.Run("ip", ["netns", "add", name]);
        var handle = NetworkNamespace.OpenNamed(name);
        using var own = NetworkNamespace.OpenCurrent();
        if (handle.IsSameAs(own))
        {
            handle.Dispose();
            throw new InvalidOperationException($"{name} is this process's own namespace; refusing to benchmark there");
        }

        return new BenchmarkNamespace(name, handle);
    }

    /// <summary><c>ip netns exec NAME nft ARGS</c> (stdin optional): the process path being measured.</summary>
    public string Nft(IEnumerable<string> arguments, string? input = null) => Command.Run("ip", ["netns", "exec", Name, "nft", .. arguments], input);

    public void Dispose()
    {
        Handle.Dispose();
        try
        {
            Command.Run("ip", ["netns", "del", Name]);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
