using System.Globalization;

namespace Calico.Netlink.Benchmarks;

/// <summary>The same work as <see cref="LibraryPlumber"/> by spawning ip(8) (and sysctl for the devconf), one command per step.</summary>
internal sealed class IpCommandPlumber : IPodPlumber
{
    public string Name => "ip-commands";

    public void Create(BenchmarkNamespaces namespaces, int iteration)
    {
        var cali = BenchmarkNamespaces.HostVethName(iteration);
        var podIp = BenchmarkNamespaces.PodIp(iteration).ToString();
        Command.Run("ip", "-n", namespaces.Host, "link", "add", cali, "mtu", "1450", "address", "ee:ee:ee:ee:ee:ee", "type", "veth", "peer", "name", "eth0", "netns", namespaces.Pod);
        Command.Run("ip", "-n", namespaces.Host, "link", "set", cali, "up");
        Command.Run("ip", "-n", namespaces.Pod, "link", "set", "eth0", "up");
        Command.Run("ip", "-n", namespaces.Pod, "addr", "add", $"{podIp}/32", "dev", "eth0");
        Command.Run("ip", "-n", namespaces.Pod, "route", "add", "169.254.1.1", "dev", "eth0", "scope", "link");
        Command.Run("ip", "-n", namespaces.Pod, "route", "add", "default", "via", "169.254.1.1", "dev", "eth0");
        Command.Run("ip", "-n", namespaces.Host, "route", "add", $"{podIp}/32", "dev", cali, "scope", "link");
        Command.Run("ip", "netns", "exec", namespaces.Host, "sysctl", "-q", "-w",
            string.Create(CultureInfo.InvariantCulture, $"net.ipv4.conf.{cali}.proxy_arp=1"),
            string.Create(CultureInfo.InvariantCulture, $"net.ipv4.conf.{cali}.forwarding=1"));
    }

    public void Delete(BenchmarkNamespaces namespaces, int iteration) =>
        Command.Run("ip", "-n", namespaces.Host, "link", "del", BenchmarkNamespaces.HostVethName(iteration));
}
