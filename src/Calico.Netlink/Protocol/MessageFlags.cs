namespace Calico.Netlink.Protocol;

/// <summary>nlmsg_flags. Some bits mean different things for GET, NEW and ACK messages, as in the kernel.</summary>
[Flags]
internal enum MessageFlags : ushort
{
    None = 0,
    Request = 0x01,
    Multi = 0x02,
    Ack = 0x04,
    Echo = 0x08,
    DumpInterrupted = 0x10,
    Dump = 0x300,
    Replace = 0x100,
    Exclusive = 0x200,
    Create = 0x400,
    Append = 0x800,
    AckCapped = 0x100,
    AckTlvs = 0x200,
}
