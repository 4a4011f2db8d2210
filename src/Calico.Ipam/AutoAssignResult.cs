namespace Calico.Ipam;

/// <summary>The addresses <see cref="IIpamClient.AutoAssignAsync"/> assigned.</summary>
/// <param name="IPv4">The IPv4 addresses, in assignment order.</param>
/// <param name="IPv6">The IPv6 addresses, in assignment order.</param>
public sealed record AutoAssignResult(IReadOnlyList<AssignedAddress> IPv4, IReadOnlyList<AssignedAddress> IPv6);
