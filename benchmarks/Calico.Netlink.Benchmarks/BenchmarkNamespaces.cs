using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Calico.Netlink.Benchmarks;

/// <summary>The scratch "node" and "pod" namespaces (calico-bench-nl-*), created with ip netns and deleted on Dispose.</summary>
internal sealed class BenchmarkNamespaces : IDisposable
{
    private BenchmarkNamespaces(string host, string pod)
    {
        Host = host;
        Pod = pod;
    }

    public string Host { get; }

    public string Pod { get; }

    public static BenchmarkNamespaces Create()
    {
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var namespaces = new BenchmarkNamespaces($"calico-bench-nl-node-{suffix}", $"calico-bench-nl-pod-{suffix}");
        Command.Run("ip", "netns", "add", namespaces.Host);
        Command.Run("ip", "netns", "add", namespaces.Pod);
        return namespaces;
    }

    /// <summary>cali + 11 hex digits, as Calico names host-side veths; a new name each iteration.</summary>
    public static string HostVethName(int iteration) => string.Create(CultureInfo.InvariantCulture, $"cali{iteration:x11}");

    public static IPAddress PodIp(int iteration) => new([10, 65, (byte)(iteration / 250), (byte)((iteration % 250) + 2)]);

    public void Dispose()
    {
        Command.TryRun("ip", "netns", "del", Host);
        Command.TryRun("ip", "netns", "del", Pod);
    }
}
