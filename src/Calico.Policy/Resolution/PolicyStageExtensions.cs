using Calico.Policy.Effective;

namespace Calico.Policy.Resolution;

/// <summary>Which policies belong to which stage (felix/calc/event_sequencer.go splits them the same way).</summary>
public static class PolicyStageExtensions
{
    /// <summary>
    /// True when <paramref name="policy"/> is evaluated in <paramref name="stage"/>: untracked = doNotTrack;
    /// pre-DNAT = preDNAT (and not doNotTrack); forward = applyOnForward (and neither); normal = neither.
    /// </summary>
    public static bool Includes(this PolicyStage stage, EffectivePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return stage switch
        {
            PolicyStage.Untracked => policy.DoNotTrack,
            PolicyStage.PreDnat => !policy.DoNotTrack && policy.PreDnat,
            PolicyStage.Forward => !policy.DoNotTrack && !policy.PreDnat && policy.ApplyOnForward,
            _ => !policy.DoNotTrack && !policy.PreDnat,
        };
    }
}
