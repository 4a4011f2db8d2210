namespace Calico.Netlink.Protocol;

/// <summary>An NLMSG_ERROR (or a failed NLMSG_DONE) as received: errno and the extended-ack text if any.</summary>
internal readonly record struct KernelError(Errno Error, string? Message);
