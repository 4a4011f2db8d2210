namespace Calico.Netlink.Protocol;

/// <summary>IFLA_VXLAN_* attribute types inside IFLA_INFO_DATA of a vxlan link.</summary>
internal static class VxlanAttribute
{
    public const ushort Id = 1;
    public const ushort Link = 3;
    public const ushort Local = 4;
    public const ushort Learning = 7;
    public const ushort Port = 15;
    public const ushort Local6 = 17;
}
