namespace Calico.Ctl.Commands.Doctor;

/// <summary>What one check returned: its findings, or why it could not run here.</summary>
internal sealed record DoctorCheckResult(IReadOnlyList<DoctorFinding> Findings, string? Skipped = null)
{
    /// <summary>The check ran and found nothing.</summary>
    public static DoctorCheckResult Clean { get; } = new([]);

    /// <summary>The check could not run; <paramref name="reason"/> says why (listed on stderr).</summary>
    public static DoctorCheckResult Skip(string reason) => new([], reason);

    /// <summary>The check does not apply here (e.g. BGP in a VXLAN lab): nothing to say.</summary>
    public static DoctorCheckResult NotApplicable { get; } = new([]);
}
