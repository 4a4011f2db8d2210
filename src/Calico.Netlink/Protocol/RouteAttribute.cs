namespace Calico.Netlink.Protocol;

/// <summary>RTA_* attribute types (linux/rtnetlink.h) and rtm_flags bits.</summary>
internal static class RouteAttribute
{
    public const ushort Destination = 1;
    public const ushort OutputInterface = 4;
    public const ushort Gateway = 5;
    public const ushort Priority = 6;
    public const ushort PreferredSource = 7;
    public const ushort Multipath = 9;
    public const ushort Table = 15;

    /// <summary>RTM_F_CLONED: a cache entry, not a configured route.</summary>
    public const uint FlagCloned = 0x200;
}
