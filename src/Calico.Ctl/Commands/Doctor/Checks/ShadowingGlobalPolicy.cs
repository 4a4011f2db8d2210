using Calico.Policy.Effective;
using Calico.Policy.Snapshot;

namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>
/// A GlobalNetworkPolicy that denies traffic of some of a namespace's pods while the namespace's own policies look
/// clean: what it denies (<paramref name="Reasons"/>), the pods it selects and the namespace's own policies.
/// </summary>
internal sealed record ShadowingGlobalPolicy(
    EffectivePolicy Policy,
    string Namespace,
    IReadOnlyList<ModelEndpoint> Pods,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> NamespacePolicies);
