using Calico.Policy.Reachability;

namespace Calico.Lab.Probing;

/// <summary>One connection attempt of a matrix: from a target to a target with a probe (protocol and port).</summary>
public readonly record struct ProbeCell(ProbeTarget From, ProbeTarget To, Probe Probe)
{
    public override string ToString() => $"{From.Name} -> {To.Name} {Probe}";
}
