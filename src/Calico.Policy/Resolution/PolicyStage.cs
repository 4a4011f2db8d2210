namespace Calico.Policy.Resolution;

/// <summary>
/// Where in the packet path a set of policies is applied (felix/calc/event_sequencer.go
/// <c>tierInfoToProtoTierInfo</c>). Workload endpoints only have <see cref="Normal"/>.
/// </summary>
public enum PolicyStage
{
    /// <summary>The filter table: every policy that is neither doNotTrack nor preDNAT. Followed by profiles.</summary>
    Normal,

    /// <summary>The raw table, host endpoints only: doNotTrack policies. Tiers end in Pass; no profiles.</summary>
    Untracked,

    /// <summary>Before DNAT, host endpoint ingress only: preDNAT policies. Tiers end in Pass; no profiles.</summary>
    PreDnat,

    /// <summary>Traffic forwarded through a host endpoint: applyOnForward policies (neither doNotTrack nor preDNAT).</summary>
    Forward,
}
