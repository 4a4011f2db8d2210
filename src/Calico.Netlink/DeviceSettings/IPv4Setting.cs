namespace Calico.Netlink;

/// <summary>One IPv4 devconf value to set, e.g. <c>IPv4Setting.ProxyArp(true)</c>.</summary>
public readonly record struct IPv4Setting(IPv4DeviceSetting Setting, int Value)
{
    public static IPv4Setting Forwarding(bool on) => new(IPv4DeviceSetting.Forwarding, on ? 1 : 0);

    public static IPv4Setting ProxyArp(bool on) => new(IPv4DeviceSetting.ProxyArp, on ? 1 : 0);

    /// <summary>0 off, 1 strict, 2 loose.</summary>
    public static IPv4Setting RpFilter(int mode) =>
        mode is >= 0 and <= 2 ? new(IPv4DeviceSetting.RpFilter, mode) : throw new ArgumentOutOfRangeException(nameof(mode), mode, "rp_filter is 0, 1 or 2");
}
