using Calico.Ipam;

namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>Leaked IPAM allocations: addresses allocated to a handle that no WorkloadEndpoint or Node uses (<c>calicoctl ipam check</c>'s leaks).</summary>
internal sealed class IpamLeakCheck : IDoctorCheck
{
    public string Name => "ipam";

    public async ValueTask<DoctorCheckResult> RunAsync(DoctorInputs inputs, CancellationToken ct)
    {
        var report = await inputs.Ipam.CheckAsync(ct).ConfigureAwait(false);
        var leaks = report.Findings.Where(f => f.Kind == IpamFindingKind.LeakedAllocation).ToList();
        if (leaks.Count == 0)
        {
            return DoctorCheckResult.Clean;
        }

        var evidence = leaks.Select(l => $"{l.Address} allocated to handle {l.HandleId ?? "(none)"} in block {l.Block}{(l.Node is { } node ? $" (node {node})" : string.Empty)}, used by no workload or node").ToList();
        return new DoctorCheckResult(
        [
            new DoctorFinding(
                FindingSeverity.Failure,
                $"{leaks.Count} leaked IPAM allocation(s): addresses allocated but not in use",
                evidence,
                "calicoctl ipam check -o report.json; calicoctl ipam release --from-report=report.json"),
        ]);
    }
}
