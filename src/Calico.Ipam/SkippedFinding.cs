namespace Calico.Ipam;

/// <summary>A finding <see cref="IIpamClient.ReleaseFromReportAsync"/> did not act on, and why.</summary>
public sealed record SkippedFinding(IpamFinding Finding, string Reason);
