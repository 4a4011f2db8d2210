namespace Calico.Netlink;

/// <summary>Per-interface IP settings (the /proc/sys/net/ipv{4,6}/conf/DEV values) of one namespace.</summary>
public interface IDeviceSettings
{
    /// <summary>Sets IPv4 devconf values in one RTM_SETLINK (IFLA_AF_SPEC / AF_INET / IFLA_INET_CONF).</summary>
    public void SetIPv4(LinkIndex link, params ReadOnlySpan<IPv4Setting> settings);

    /// <summary>Reads an IPv4 devconf value through netlink (RTM_GETLINK).</summary>
    public int GetIPv4(LinkIndex link, IPv4DeviceSetting setting);

    /// <summary>Writes /proc/sys/net/ipv6/conf/DEV/SETTING from a thread inside the namespace.</summary>
    public void SetIPv6(LinkName link, IPv6DeviceSetting setting, int value);

    public int GetIPv6(LinkName link, IPv6DeviceSetting setting);
}
