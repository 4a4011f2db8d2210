using Calico.Policy.Reachability;

namespace Calico.Policy.Tests.Conformance;

/// <summary>One conformance scenario: policies (YAML) over the x/y/z model and the hand-derived expected matrix.</summary>
internal sealed record KubeScenario(
    string Name,
    string Yaml,
    string Expected,
    IReadOnlyList<Probe>? Probes = null,
    IReadOnlyList<string>? ExtraProfilesForX = null);
