namespace Calico.Netlink;

/// <summary>IPV4_DEVCONF_* ids (linux/ip.h): the per-interface /proc/sys/net/ipv4/conf/DEV/* settings netlink can set.</summary>
public enum IPv4DeviceSetting
{
    Forwarding = 1,
    McForwarding = 2,
    ProxyArp = 3,
    AcceptRedirects = 4,
    SecureRedirects = 5,
    SendRedirects = 6,
    SharedMedia = 7,

    /// <summary>0 off, 1 strict, 2 loose.</summary>
    RpFilter = 8,
    AcceptSourceRoute = 9,
    BootpRelay = 10,
    LogMartians = 11,
    Tag = 12,
    ArpFilter = 13,
    MediumId = 14,
    NoXfrm = 15,
    NoPolicy = 16,
    ForceIgmpVersion = 17,
    ArpAnnounce = 18,
    ArpIgnore = 19,
    PromoteSecondaries = 20,
    ArpAccept = 21,
    ArpNotify = 22,
    AcceptLocal = 23,
    SrcVmark = 24,
    ProxyArpPvlan = 25,
    RouteLocalnet = 26,
}
