namespace Calico.Netlink.Protocol;

/// <summary>nlmsg_type values: the netlink control messages and the rtnetlink requests used here.</summary>
internal enum MessageType : ushort
{
    Noop = 1,
    Error = 2,
    Done = 3,
    Overrun = 4,
    NewLink = 16,
    DelLink = 17,
    GetLink = 18,
    SetLink = 19,
    NewAddr = 20,
    DelAddr = 21,
    GetAddr = 22,
    NewRoute = 24,
    DelRoute = 25,
    GetRoute = 26,
    NewNeigh = 28,
    DelNeigh = 29,
    GetNeigh = 30,
}
