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

    private readonly string? _before;

    public RootNamespaceGuard()
    {
        if (Privileges.IsRoot || Privileges.IsCi)
        {
            _before = Read();
        }
    }

    public static string Read()
    {
        var text = new StringBuilder();
        text.AppendLine(ProcessRunner.Run("ip", "-4", "route", "show", "table", "all"));
        text.AppendLine(ProcessRunner.Run("ip", "-6", "route", "show", "table", "all"));
        text.AppendLine(ProcessRunner.Run("ip", "-br", "addr", "show"));
        text.AppendLine(ProcessRunner.Run("nft", "list", "ruleset"));
        foreach (var path in Sysctls)
        {
            text.AppendLine($"{path}={(File.Exists(path) ? File.ReadAllText(path).Trim() : "absent")}");
        }

        return text.ToString();
    }

    public void Dispose()
    {
        if (_before is null)
        {
            return;
        }

        var after = Read();
        if (!string.Equals(after, _before, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the root network namespace changed during the kernel tests.\nBefore:\n{_before}\nAfter:\n{after}");
        }
    }
}
