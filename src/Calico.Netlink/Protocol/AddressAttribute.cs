namespace Calico.Netlink.Protocol;

/// <summary>IFA_* attribute types (linux/if_addr.h).</summary>
internal static class AddressAttribute
{
    public const ushort Address = 1;
    public const ushort Local = 2;
    public const ushort Label = 3;
    public const ushort Flags = 8;
}
