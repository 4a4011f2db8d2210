using System.Text;

namespace Calico.Felix.Dataplane.Routing.Tests.Infrastructure;

/// <summary>
/// Reads the root namespace (this process's: routes of every table, addresses, the nftables ruleset, forwarding
/// sysctls; all read only) when the kernel tests start, and fails the run if it differs when they end.
/// </summary>
public sealed class RootNamespaceGuard : IDisposable
{
    private static readonly string[] Sysctls =
    [
        "/proc/sys/net/ipv4/ip_forward",
        "/proc/sys/net/ipv4/conf/all/forwarding",
        "/proc/sys/net/ipv4/conf/all/proxy_arp",
        "/proc/sys/net/ipv6/conf/all/forwarding",
    ];

    private readonly RootStateGuard _guard = new("the root network namespace", Read);

    public static string Read()
    {
        var text = new StringBuilder();
        text.AppendLine(ProcessRunner.Run("ip", "-4", "route", "show", "table", "all"));
        text.AppendLine(ProcessRunner.Run("ip", "-6", "route", "show", "table", "all"));
        text.AppendLine(ProcessRunner.Run("ip", "-br", "addr", "show"));
        text.AppendLine(RootRulesetGuard.Read());
        foreach (var path in Sysctls)
        {
            text.AppendLine($"{path}={(File.Exists(path) ? File.ReadAllText(path).Trim() : "absent")}");
        }

        return text.ToString();
    }

    public void Dispose() => _guard.Dispose();
}
