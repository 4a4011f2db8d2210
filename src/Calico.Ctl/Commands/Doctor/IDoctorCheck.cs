namespace Calico.Ctl.Commands.Doctor;

/// <summary>One of doctor's checks: reads the cluster (datastore, and in a lab the nodes) and reports what is wrong.</summary>
internal interface IDoctorCheck
{
    /// <summary>Short name shown as the group heading, e.g. <c>calico-node</c>, <c>bgp</c>, <c>ipam</c>.</summary>
    public string Name { get; }

    /// <summary>Runs the check.</summary>
    public ValueTask<DoctorCheckResult> RunAsync(DoctorInputs inputs, CancellationToken ct);
}
