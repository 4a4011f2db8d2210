using System.Text;
using System.Text.Json;

namespace Calico.Netlink.Tests.Infrastructure;

/// <summary>
/// A read-only picture of the root namespace (links, addresses, routes of every table, a few sysctls) taken with
/// <c>ip -j</c> from this process, which runs there. Volatile fields (lifetimes, expiry, operstate) are left out.
/// </summary>
internal sealed record RootNamespaceSnapshot(string Text)
{
    private static readonly string[] ForwardingSysctls =
    [
        "/proc/sys/net/ipv4/ip_forward",
        "/proc/sys/net/ipv4/conf/all/forwarding",
        "/proc/sys/net/ipv4/conf/all/proxy_arp",
        "/proc/sys/net/ipv4/conf/all/rp_filter",
        "/proc/sys/net/ipv6/conf/all/forwarding",
        "/proc/sys/net/ipv6/conf/all/accept_ra",
    ];

    public static RootNamespaceSnapshot Take()
    {
        var text = new StringBuilder();
        foreach (var link in Parse(ProcessRunner.Run("ip", "-j", "link", "show")).EnumerateArray())
        {
            text.AppendLine($"link {Field(link, "ifindex")} {Field(link, "ifname")} mtu {Field(link, "mtu")} {Field(link, "address")} master {Field(link, "master")} flags {Field(link, "flags")}");
        }

        foreach (var link in Parse(ProcessRunner.Run("ip", "-j", "addr", "show")).EnumerateArray())
        {
            if (link.TryGetProperty("addr_info", out var addresses))
            {
                foreach (var address in addresses.EnumerateArray())
                {
                    text.AppendLine($"addr {Field(link, "ifname")} {Field(address, "local")}/{Field(address, "prefixlen")} scope {Field(address, "scope")}");
                }
            }
        }

        foreach (var family in new[] { "-4", "-6" })
        {
            foreach (var route in Parse(ProcessRunner.Run("ip", "-j", family, "route", "show", "table", "all")).EnumerateArray())
            {
                text.AppendLine($"route {Field(route, "type")} {Field(route, "dst")} via {Field(route, "gateway")} dev {Field(route, "dev")} table {Field(route, "table")} proto {Field(route, "protocol")} scope {Field(route, "scope")} metric {Field(route, "metric")}");
            }
        }

        foreach (var path in ForwardingSysctls)
        {
            text.AppendLine($"{path}={(File.Exists(path) ? File.ReadAllText(path).Trim() : "absent")}");
        }

        return new RootNamespaceSnapshot(text.ToString());
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);
        return document.RootElement.Clone();
    }

    private static string Field(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ToString() : "-";
}
