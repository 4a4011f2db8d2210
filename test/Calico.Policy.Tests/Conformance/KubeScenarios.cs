namespace Calico.Policy.Tests.Conformance;

/// <summary>
/// The conformance scenarios over the Kubernetes network policy test model (<see cref="Support.KubeModel"/>).
/// Every expected matrix is derived by hand from Kubernetes and Calico semantics, not by running the model.
/// </summary>
internal static partial class KubeScenarios
{
    public static IReadOnlyList<KubeScenario> All { get; } = [.. Kubernetes(), .. Calico()];

    public static KubeScenario Named(string name) => All.Single(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}
