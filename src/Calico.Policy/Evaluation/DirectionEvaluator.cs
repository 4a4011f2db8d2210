using System.Globalization;
using Calico.Api.Values;
using Calico.Policy.Effective;
using Calico.Policy.Ids;
using Calico.Policy.Resolution;
using Calico.Policy.Snapshot;

namespace Calico.Policy.Evaluation;

/// <summary>
/// Evaluates one endpoint's policy for one direction, as Felix's endpoint chains do
/// (felix/rules/endpoints.go <c>endpointIptablesChain</c>): failsafe ports (host endpoints), untracked and
/// pre-DNAT policies (host endpoints), then each tier's policies in order, then the profiles.
/// </summary>
internal sealed class DirectionEvaluator(PolicySnapshot snapshot, IPolicyResolver resolver, RuleMatcher matcher)
{
    public DirectionVerdict Evaluate(ModelEndpoint endpoint, PolicyType direction, FlowContext flow)
    {
        var steps = new List<TraceStep>();
        var allowed = EvaluateCore(endpoint, direction, flow, steps);
        return new DirectionVerdict(endpoint.Id, endpoint.DisplayName, direction, allowed, steps);
    }

    private bool EvaluateCore(ModelEndpoint endpoint, PolicyType direction, FlowContext flow, List<TraceStep> steps)
    {
        if (endpoint.Id.Kind == EndpointKind.Host)
        {
            if (Failsafe(endpoint, direction, flow, steps))
            {
                return true;
            }

            // Felix ignores doNotTrack policy on an all-interfaces host endpoint (endpoint_mgr.go).
            if (!endpoint.IsAllInterfacesHost && WalkStage(endpoint, direction, PolicyStage.Untracked, flow, steps) is { } untracked)
            {
                return untracked;
            }

            if (direction == PolicyType.Ingress && WalkStage(endpoint, direction, PolicyStage.PreDnat, flow, steps) is { } preDnat)
            {
                return preDnat;
            }
        }

        var normal = resolver.Resolve(endpoint.Id, direction, PolicyStage.Normal);
        if (WalkTiers(normal, direction, flow, steps) is { } decided)
        {
            return decided;
        }

        return WalkProfiles(endpoint, direction, normal.HasPolicies, flow, steps);
    }

    private bool Failsafe(ModelEndpoint endpoint, PolicyType direction, FlowContext flow, List<TraceStep> steps)
    {
        var settings = snapshot.HostSettingsFor(endpoint.Node);
        var ports = direction == PolicyType.Ingress ? settings.FailsafeInbound : settings.FailsafeOutbound;
        var remote = direction == PolicyType.Ingress ? flow.Source : flow.Destination;
        foreach (var port in ports)
        {
            if (port.Covers(flow.Protocol, flow.DestinationPort, remote))
            {
                var way = direction == PolicyType.Ingress ? "inbound" : "outbound";
                steps.Add(new TraceStep(TraceStepKind.Failsafe, $"failsafe {way} port {port}: Allow") { Action = RuleAction.Allow });
                return true;
            }
        }

        return false;
    }

    private bool? WalkStage(ModelEndpoint endpoint, PolicyType direction, PolicyStage stage, FlowContext flow, List<TraceStep> steps)
    {
        var resolved = resolver.Resolve(endpoint.Id, direction, stage);
        if (!resolved.HasPolicies)
        {
            return null;
        }

        var name = stage == PolicyStage.Untracked ? "untracked (doNotTrack)" : "pre-DNAT";
        steps.Add(new TraceStep(TraceStepKind.StageStart, $"{name} policies:"));
        if (WalkTiers(resolved, direction, flow, steps) is { } decided)
        {
            return decided;
        }

        steps.Add(new TraceStep(TraceStepKind.StageUndecided, $"no {name} policy decided: on to the normal policies"));
        return null;
    }

    private bool? WalkTiers(EndpointPolicies resolved, PolicyType direction, FlowContext flow, List<TraceStep> steps)
    {
        foreach (var tier in resolved.Tiers)
        {
            var name = tier.Tier.Name;
            steps.Add(new TraceStep(TraceStepKind.TierStart, $"tier {name} ({OrderText(tier.Tier.Order)}, default {tier.DefaultAction})") { Tier = name });
            var passed = false;
            foreach (var policy in tier.Policies)
            {
                var outcome = EvaluatePolicy(policy, direction, flow, steps);
                if (outcome == RuleAction.Allow)
                {
                    return true;
                }

                if (outcome == RuleAction.Deny)
                {
                    return false;
                }

                if (outcome == RuleAction.Pass)
                {
                    passed = true;
                    break;
                }
            }

            if (passed)
            {
                continue;
            }

            var action = tier.DefaultAction == TierDefaultAction.Deny ? RuleAction.Deny : RuleAction.Pass;
            steps.Add(new TraceStep(TraceStepKind.TierDefaultAction, $"end of tier {name}: default {tier.DefaultAction}") { Tier = name, Action = action });
            if (action == RuleAction.Deny)
            {
                return false;
            }
        }

        return null;
    }

    private RuleAction? EvaluatePolicy(EffectivePolicy policy, PolicyType direction, FlowContext flow, List<TraceStep> steps)
    {
        var header = $"policy {policy.Id} ({OrderText(policy.Order)})";
        var rules = policy.RulesFor(direction);
        if (rules.Count == 0)
        {
            steps.Add(new TraceStep(TraceStepKind.PolicyNoRuleMatched, $"{header}: no {Lower(direction)} rules") { Depth = 1, Tier = policy.Tier, Policy = policy.Id });
            return null;
        }

        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (!matcher.Matches(rule, flow))
            {
                continue;
            }

            if (rule.Action == RuleAction.Log)
            {
                steps.Add(new TraceStep(TraceStepKind.RuleLogged, $"{header}: rule {i} Log (continuing)")
                {
                    Depth = 1, Tier = policy.Tier, Policy = policy.Id, RuleIndex = i, Action = RuleAction.Log,
                });
                continue;
            }

            steps.Add(new TraceStep(TraceStepKind.PolicyRuleMatched, $"{header}: rule {i} {rule.Action}")
            {
                Depth = 1, Tier = policy.Tier, Policy = policy.Id, RuleIndex = i, Action = rule.Action,
            });
            return rule.Action;
        }

        steps.Add(new TraceStep(TraceStepKind.PolicyNoRuleMatched, $"{header}: no rule matched") { Depth = 1, Tier = policy.Tier, Policy = policy.Id });
        return null;
    }

    private bool WalkProfiles(ModelEndpoint endpoint, PolicyType direction, bool hadPolicies, FlowContext flow, List<TraceStep> steps)
    {
        var prefix = hadPolicies ? "all tiers passed" : "no policy applied";
        foreach (var name in endpoint.Profiles)
        {
            if (!snapshot.Profiles.TryGetValue(name, out var profile))
            {
                steps.Add(new TraceStep(TraceStepKind.ProfileMissing, $"profile {name}: not found, skipped") { Profile = name });
                continue;
            }

            var decided = WalkProfile(profile, direction, flow, steps, prefix);
            if (decided is { } result)
            {
                return result;
            }
        }

        steps.Add(new TraceStep(TraceStepKind.NoProfileMatched, $"{prefix}: no profile matched: drop") { Action = RuleAction.Deny });
        return false;
    }

    private bool? WalkProfile(EffectiveProfile profile, PolicyType direction, FlowContext flow, List<TraceStep> steps, string prefix)
    {
        var rules = profile.RulesFor(direction);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (!matcher.Matches(rule, flow))
            {
                continue;
            }

            switch (rule.Action)
            {
                case RuleAction.Log:
                    steps.Add(new TraceStep(TraceStepKind.RuleLogged, $"profile {profile.Name}: rule {i} Log (continuing)")
                    {
                        Profile = profile.Name, RuleIndex = i, Action = RuleAction.Log,
                    });
                    continue;
                case RuleAction.Pass:
                    // Pass sets the pass mark and returns; the endpoint chain only returns on accept, so
                    // evaluation moves on to the next profile.
                    steps.Add(new TraceStep(TraceStepKind.ProfileRuleMatched, $"profile {profile.Name}: rule {i} Pass (next profile)")
                    {
                        Profile = profile.Name, RuleIndex = i, Action = RuleAction.Pass,
                    });
                    return null;
                default:
                    steps.Add(new TraceStep(TraceStepKind.ProfileRuleMatched, $"{prefix}: profile {profile.Name} rule {i} {rule.Action}")
                    {
                        Profile = profile.Name, RuleIndex = i, Action = rule.Action,
                    });
                    return rule.Action == RuleAction.Allow;
            }
        }

        steps.Add(new TraceStep(TraceStepKind.ProfileNoRuleMatched, $"profile {profile.Name}: no rule matched") { Profile = profile.Name });
        return null;
    }

    private static string OrderText(double? order) =>
        order is { } value ? "order " + value.ToString(CultureInfo.InvariantCulture) : "no order";

    private static string Lower(PolicyType direction) => direction == PolicyType.Ingress ? "ingress" : "egress";
}
