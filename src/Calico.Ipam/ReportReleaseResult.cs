namespace Calico.Ipam;

/// <summary>The outcome of <see cref="IIpamClient.ReleaseFromReportAsync"/>.</summary>
/// <param name="Released">Findings repaired.</param>
/// <param name="Skipped">Findings left alone, each with the reason (no longer a problem, changed since the report, or not repairable automatically).</param>
public sealed record ReportReleaseResult(IReadOnlyList<IpamFinding> Released, IReadOnlyList<SkippedFinding> Skipped);
