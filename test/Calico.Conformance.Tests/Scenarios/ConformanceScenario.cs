using Calico.Policy.Reachability;

namespace Calico.Conformance.Tests.Scenarios;

/// <summary>
/// One scenario file (Scenarios/&lt;group&gt;/&lt;name&gt;.yaml): its steps are applied (or deleted) in turn, and after each
/// the whole pod matrix (and, with host probes, the underlay ↔ node1 matrix) is probed and compared with the model.
/// </summary>
/// <param name="Name">&lt;group&gt;/&lt;name&gt;, e.g. kubernetes/deny-all-ingress.</param>
/// <param name="Description">The file's leading comment.</param>
/// <param name="Probes">The pod probes (<c>#! probes:</c>), or null for <see cref="Model.KubeTestModel.StandardProbes"/>.</param>
/// <param name="HostProbes">The host probes (<c>#! host-probes:</c>), empty when the scenario has none.</param>
/// <param name="Steps">At least one.</param>
public sealed record ConformanceScenario(string Name, string Description, IReadOnlyList<Probe>? Probes, IReadOnlyList<Probe> HostProbes, IReadOnlyList<ScenarioStep> Steps)
{
    public override string ToString() => Name;
}
