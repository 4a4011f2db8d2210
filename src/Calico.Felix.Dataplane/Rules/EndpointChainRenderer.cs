using Calico.Api.Values;
using Calico.Felix.Calc.Messages;
using Calico.Nftables;
using Rule = Calico.Nftables.Rule;
using Calico.Policy.Ids;

namespace Calico.Felix.Dataplane.Rules;

/// <summary>
/// Renders an endpoint's chain for one direction, the nft form of the policy model's <c>DirectionEvaluator</c>
/// (felix/rules/endpoints.go):
/// <code>
/// ct state established,related accept
/// ct state invalid drop
/// meta mark set meta mark &amp; ~(accept|pass)
/// [from a workload] drop VXLAN (udp dport 4789) and IP-in-IP (l4proto 4)     [host endpoint] jump cali-failsafe-in|out
/// [each problem of this direction] drop                                   "Fail closed: REASON"
/// per tier with a policy in this direction:
///   meta mark set meta mark &amp; ~pass                                    "Start of tier T"
///   per policy:  meta mark &amp; pass == 0 jump cali-pi-KEY                  "Policy NS/NAME"
///                meta mark &amp; accept == accept return                    "Return if policy accepted"
///   [default Deny] meta mark &amp; pass == 0 drop                           "End of tier T. Drop if no policies passed packet"
/// per profile:   jump cali-pri-NAME; meta mark &amp; accept == accept return
/// drop                                                                  "Drop if no profiles matched"
/// </code>
/// A policy chain that allows sets the accept mark and returns, so the endpoint chain returns (accepted); Deny drops;
/// Pass sets the pass mark, which skips the rest of the tier and its end-of-tier drop; a policy where no rule matched
/// returns with no mark and the next policy is tried. A profile's Pass moves on to the next profile. A policy the
/// endpoint names that is not active fails closed (drop); a profile that is not active is skipped, as the model
/// skips a missing profile.
/// </summary>
internal sealed class EndpointChainRenderer(FilterRulesOptions options)
{
    private readonly MarkBits _marks = options.Marks;

    /// <summary><c>cali-tw-IFACE</c> (<paramref name="direction"/> Ingress: traffic to the workload) or <c>cali-fw-IFACE</c> (Egress: from it).</summary>
    public Chain RenderWorkload(WorkloadEndpointUpdate endpoint, PolicyType direction, Predicate<PolicyId> isPolicyActive, Predicate<string> isProfileActive)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var name = direction == PolicyType.Ingress ? FelixNames.ToWorkload(endpoint.InterfaceName) : FelixNames.FromWorkload(endpoint.InterfaceName);
        var rules = Start();
        if (direction == PolicyType.Egress)
        {
            if (!options.AllowVxlanFromWorkloads)
            {
                rules.Add(new Rule($"meta l4proto 17 th dport {options.VxlanPort} drop", "Drop VXLAN encapped packets originating in workloads"));
            }

            if (!options.AllowIpipFromWorkloads)
            {
                rules.Add(new Rule("meta l4proto 4 drop", "Drop IPinIP encapped packets originating in workloads"));
            }
        }

        AppendProblems(rules, endpoint.Problems, direction);
        AppendTiers(rules, endpoint.Tiers, direction, isPolicyActive);
        AppendProfiles(rules, endpoint.Profiles, direction, isProfileActive);
        return Chain.Regular(name, rules);
    }

    /// <summary>
    /// A host endpoint's chain for its normal policy: <c>cali-fh-IFACE</c> (Ingress: packets entering the host through
    /// it) or <c>cali-th-IFACE</c> (Egress: leaving the host), failsafe ports first.
    /// </summary>
    public Chain RenderHost(HostEndpointUpdate endpoint, PolicyType direction, Predicate<PolicyId> isPolicyActive, Predicate<string> isProfileActive)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var name = direction == PolicyType.Ingress ? FelixNames.FromHostEndpointChain(endpoint.InterfaceName) : FelixNames.ToHostEndpointChain(endpoint.InterfaceName);
        var rules = Start();
        rules.Add(new Rule($"jump {(direction == PolicyType.Ingress ? FelixNames.FailsafeIn : FelixNames.FailsafeOut)}", "Failsafe ports are always allowed"));
        AppendProblems(rules, endpoint.Problems, direction);
        AppendTiers(rules, endpoint.Tiers, direction, isPolicyActive);
        AppendProfiles(rules, endpoint.Profiles, direction, isProfileActive);
        return Chain.Regular(name, rules);
    }

    /// <summary>
    /// A host endpoint's chain for forwarded traffic (its applyOnForward tiers), or null when it has no forward policy
    /// in <paramref name="direction"/> (forwarded traffic through it is then not policed by it): <c>cali-fhfw-IFACE</c>
    /// (Ingress: arriving through it) or <c>cali-thfw-IFACE</c> (Egress: leaving through it). No profiles: a packet no
    /// tier decided is dropped.
    /// </summary>
    public Chain? RenderHostForward(HostEndpointUpdate endpoint, PolicyType direction, Predicate<PolicyId> isPolicyActive)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.ForwardTiers.Any(t => t.For(direction).Count > 0))
        {
            return null;
        }

        var name = direction == PolicyType.Ingress
            ? FelixNames.FromHostEndpointForwardChain(endpoint.InterfaceName)
            : FelixNames.ToHostEndpointForwardChain(endpoint.InterfaceName);
        var rules = Start();
        AppendProblems(rules, endpoint.Problems, direction);
        AppendTiers(rules, endpoint.ForwardTiers, direction, isPolicyActive);
        rules.Add(new Rule("drop", "Drop if no policies passed packet"));
        return Chain.Regular(name, rules);
    }

    private List<Rule> Start() =>
    [
        new Rule("ct state established,related accept"),
        new Rule("ct state invalid drop"),
        new Rule(_marks.Clear(_marks.Accept | _marks.Pass)),
    ];

    private static void AppendProblems(List<Rule> rules, IReadOnlyList<EndpointProblem> problems, PolicyType direction)
    {
        foreach (var problem in problems)
        {
            if (problem.Direction == direction)
            {
                rules.Add(new Rule("drop", ("Fail closed: " + problem.Reason).AsRuleComment()));
            }
        }
    }

    private void AppendTiers(List<Rule> rules, IReadOnlyList<TierPolicies> tiers, PolicyType direction, Predicate<PolicyId> isPolicyActive)
    {
        var passNotSet = _marks.IsClear(_marks.Pass);
        foreach (var tier in tiers)
        {
            var policies = tier.For(direction);
            if (policies.Count == 0)
            {
                continue;
            }

            rules.Add(new Rule(_marks.Clear(_marks.Pass), $"Start of tier {tier.Name}".AsRuleComment()));
            foreach (var policy in policies)
            {
                if (!isPolicyActive(policy))
                {
                    rules.Add(new Rule($"{passNotSet} drop", $"Policy {policy} is not programmed: fail closed".AsRuleComment()));
                    continue;
                }

                rules.Add(new Rule($"{passNotSet} jump {FelixNames.PolicyChain(policy, direction)}", $"Policy {policy}".AsRuleComment()));
                rules.Add(new Rule($"{_marks.IsSet(_marks.Accept)} return", "Return if policy accepted"));
            }

            if (tier.DefaultAction == TierDefaultAction.Deny)
            {
                rules.Add(new Rule($"{passNotSet} drop", $"End of tier {tier.Name}. Drop if no policies passed packet".AsRuleComment()));
            }
        }
    }

    private void AppendProfiles(List<Rule> rules, IReadOnlyList<string> profiles, PolicyType direction, Predicate<string> isProfileActive)
    {
        foreach (var profile in profiles)
        {
            if (!isProfileActive(profile))
            {
                continue;
            }

            rules.Add(new Rule($"jump {FelixNames.ProfileChain(profile, direction)}", $"Profile {profile}".AsRuleComment()));
            rules.Add(new Rule($"{_marks.IsSet(_marks.Accept)} return", "Return if profile accepted"));
        }

        rules.Add(new Rule("drop", "Drop if no profiles matched"));
    }
}
