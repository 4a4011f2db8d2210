using System.Net;

namespace Calico.Ipam;

/// <summary>One address to release, optionally only if it still belongs to a handle and allocation.</summary>
/// <param name="Address">The address.</param>
/// <param name="HandleId">Release only if the allocation's handle is this one.</param>
/// <param name="SequenceNumber">Release only if the allocation's sequence number is this one (i.e. it was not released and given out again since).</param>
public sealed record IpReleaseRequest(IPAddress Address, string? HandleId = null, long? SequenceNumber = null);
