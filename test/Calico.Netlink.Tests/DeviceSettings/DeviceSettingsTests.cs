using Calico.Netlink.Tests.Infrastructure;

namespace Calico.Netlink.Tests.DeviceSettings;

[Collection(KernelCollection.Name)]
public sealed class DeviceSettingsTests
{
    [RootFact]
    public void SetIPv4_ForwardingProxyArpRpFilter_ReadBackThroughNetlinkAndProc()
    {
        using var ns = TestNamespace.Create("nl", "devconf");
        var dev = TestLinks.Create(ns.Netlink, "cali1234", up: false);

        ns.Netlink.DeviceSettings.SetIPv4(dev.Index, IPv4Setting.Forwarding(true), IPv4Setting.ProxyArp(true), IPv4Setting.RpFilter(2));

        Assert.Equal(1, ns.Netlink.DeviceSettings.GetIPv4(dev.Index, IPv4DeviceSetting.Forwarding));
        Assert.Equal(1, ns.Netlink.DeviceSettings.GetIPv4(dev.Index, IPv4DeviceSetting.ProxyArp));
        Assert.Equal(2, ns.Netlink.DeviceSettings.GetIPv4(dev.Index, IPv4DeviceSetting.RpFilter));
        Assert.Equal("1", ns.Exec("cat", "/proc/sys/net/ipv4/conf/cali1234/proxy_arp").Trim());
        Assert.Equal("1", ns.Exec("cat", "/proc/sys/net/ipv4/conf/cali1234/forwarding").Trim());
        Assert.Equal("2", ns.Exec("cat", "/proc/sys/net/ipv4/conf/cali1234/rp_filter").Trim());

        ns.Netlink.DeviceSettings.SetIPv4(dev.Index, IPv4Setting.ProxyArp(false));

        Assert.Equal("0", ns.Exec("cat", "/proc/sys/net/ipv4/conf/cali1234/proxy_arp").Trim());
    }

    [RootFact]
    public void SetIPv6_AcceptRaAndForwarding_WrittenInsideTheNamespace()
    {
        using var ns = TestNamespace.Create("nl", "devconf6");
        TestLinks.Create(ns.Netlink, "cali1234", up: false);

        ns.Netlink.DeviceSettings.SetIPv6("cali1234", IPv6DeviceSetting.AcceptRa, 0);
        ns.Netlink.DeviceSettings.SetIPv6("cali1234", IPv6DeviceSetting.Forwarding, 1);

        Assert.Equal(0, ns.Netlink.DeviceSettings.GetIPv6("cali1234", IPv6DeviceSetting.AcceptRa));
        Assert.Equal(1, ns.Netlink.DeviceSettings.GetIPv6("cali1234", IPv6DeviceSetting.Forwarding));
        Assert.Equal("0", ns.Exec("cat", "/proc/sys/net/ipv6/conf/cali1234/accept_ra").Trim());
        Assert.Equal("1", ns.Exec("cat", "/proc/sys/net/ipv6/conf/cali1234/forwarding").Trim());
    }

    [RootFact]
    public void SetIPv6_MissingInterface_ThrowsEnoent()
    {
        using var ns = TestNamespace.Create("nl", "devconf6missing");

        var error = Assert.Throws<NetlinkException>(() => ns.Netlink.DeviceSettings.SetIPv6("nothere", IPv6DeviceSetting.AcceptRa, 0));

        Assert.Equal(Errno.ENOENT, error.Error);
        Assert.Contains("/proc/sys/net/ipv6/conf/nothere/accept_ra", error.Message, StringComparison.Ordinal);
    }
}
