namespace Calico.Policy.Evaluation;

/// <summary>What a <see cref="TraceStep"/> records.</summary>
public enum TraceStepKind
{
    /// <summary>The packet does not pass through this endpoint's policy (loopback, host to local workload).</summary>
    NotPoliced,

    /// <summary>A failsafe port allowed the packet to or from a host endpoint before any policy.</summary>
    Failsafe,

    /// <summary>Workload-to-own-host traffic decided by FelixConfiguration defaultEndpointToHostAction.</summary>
    EndpointToHost,

    /// <summary>The start of the untracked (doNotTrack) or pre-DNAT policies of a host endpoint.</summary>
    StageStart,

    /// <summary>The untracked or pre-DNAT policies decided nothing; evaluation continues.</summary>
    StageUndecided,

    /// <summary>The start of a tier.</summary>
    TierStart,

    /// <summary>A policy rule matched with Allow, Deny or Pass and ended the policy.</summary>
    PolicyRuleMatched,

    /// <summary>A Log rule matched; evaluation continues with the next rule.</summary>
    RuleLogged,

    /// <summary>No rule of a policy matched (or it has no rules for the direction); on to the next policy.</summary>
    PolicyNoRuleMatched,

    /// <summary>The end of a tier whose policies decided nothing: its default action.</summary>
    TierDefaultAction,

    /// <summary>A profile rule matched with Allow or Deny (or Pass, which moves to the next profile).</summary>
    ProfileRuleMatched,

    /// <summary>No rule of a profile matched.</summary>
    ProfileNoRuleMatched,

    /// <summary>The endpoint names a profile that does not exist; it is skipped.</summary>
    ProfileMissing,

    /// <summary>No profile allowed or denied: the packet is dropped.</summary>
    NoProfileMatched,
}
