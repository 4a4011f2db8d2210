namespace Calico.Netlink.Protocol;

/// <summary>Receives each reply message of a request (not the ack, done or error messages).</summary>
internal delegate void MessageVisitor(in NetlinkMessage message);
