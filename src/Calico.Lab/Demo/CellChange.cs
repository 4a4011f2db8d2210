using Calico.Policy.Evaluation;

namespace Calico.Lab.Demo;

/// <summary>Why the model allows or denies a flow, in one phrase: the policy and rule, a tier's default, or the profile that decided.</summary>
internal static class CellChange
{
    /// <summary>E.g. <c>denied by app/allow-frontend-to-api (no rule matched: default deny for the endpoints it selects; ingress of app/web-api)</c>.</summary>
    public static string Reason(FlowVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var verb = verdict.Allowed ? "allowed" : "denied";
        var decided = verdict.Allowed ? verdict.Ingress ?? verdict.Egress : verdict.Egress is { Allowed: false } egress ? egress : verdict.Ingress;
        if (decided is null)
        {
            return verdict.Notes.Count > 0 ? $"{verb}: {verdict.Notes[0].Text}" : $"{verb}: no policy applies to either end";
        }

        var decision = decided.Decision;
        var where = $"{decided.Direction.ToString().ToLowerInvariant()} of {decided.EndpointName}";
        switch (decision.Kind)
        {
            case TraceStepKind.PolicyRuleMatched when decision.Policy is { } policy:
                return $"{verb} by {policy} rule {decision.RuleIndex} ({decision.Action}; {where})";
            case TraceStepKind.TierDefaultAction:
                var policies = decided.Steps.Where(s => s.Policy is not null && string.Equals(s.Tier, decision.Tier, StringComparison.Ordinal))
                    .Select(s => s.Policy!.Value.ToString()).Distinct(StringComparer.Ordinal).ToList();
                return policies.Count == 0
                    ? $"{verb} by the end of tier {decision.Tier} ({where})"
                    : $"{verb} by {string.Join(", ", policies)} (no rule matched: default deny for the endpoints it selects; {where})";
            case TraceStepKind.ProfileRuleMatched when decision.Profile is { } profile:
                return $"{verb} by profile {profile} (no policy selects it; {where})";
            default:
                return $"{verb}: {decision.Text} ({where})";
        }
    }
}
