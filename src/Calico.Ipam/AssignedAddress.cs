using System.Net;
using Calico.Core;

namespace Calico.Ipam;

/// <summary>One assigned address.</summary>
/// <param name="Address">The address.</param>
/// <param name="Block">The block it was taken from.</param>
/// <param name="Pool">The name of the pool that block belongs to.</param>
public sealed record AssignedAddress(IPAddress Address, Cidr Block, string Pool)
{
    /// <summary>The address as a /32 or /128, as a WorkloadEndpoint's ipNetworks hold it.</summary>
    public Cidr HostCidr => Cidr.FromAddress(Address);

    /// <inheritdoc/>
    public override string ToString() => $"{Address} (block {Block}, pool {Pool})";
}
