using System.Net;

namespace Calico.Ipam;

/// <summary>The outcome of <see cref="IIpamClient.ReleaseIpsAsync"/>.</summary>
/// <param name="Released">Addresses released.</param>
/// <param name="NotAssigned">Addresses that were not assigned (nothing to do).</param>
/// <param name="Mismatched">Addresses left alone because their handle or sequence number differed from the request's.</param>
public sealed record IpReleaseResult(IReadOnlyList<IPAddress> Released, IReadOnlyList<IPAddress> NotAssigned, IReadOnlyList<IPAddress> Mismatched);
