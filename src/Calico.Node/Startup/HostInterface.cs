namespace Calico.Node.Startup;

/// <summary>One interface of this node's network namespace and its addresses of one family, in the kernel's order.</summary>
/// <param name="Name">The interface name.</param>
/// <param name="Addresses">Its addresses.</param>
public sealed record HostInterface(string Name, IReadOnlyList<HostAddress> Addresses);
