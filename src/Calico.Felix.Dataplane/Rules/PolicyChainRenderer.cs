using Calico.Api.Values;
using Calico.Felix.Calc.IpSets;
using Calico.Nftables;
using Rule = Calico.Nftables.Rule;
using Calico.Policy.Effective;
using Calico.Policy.Ids;

namespace Calico.Felix.Dataplane.Rules;

/// <summary>
/// Renders a policy's or profile's rules for one direction as its chain (<c>cali-pi-</c>/<c>cali-po-</c>,
/// <c>cali-pri-</c>/<c>cali-pro-</c>): the rules in order, each through <see cref="RuleRenderer"/>. A packet that
/// matches no rule falls off the end and returns to the endpoint chain with neither mark set ("no rule matched": the
/// next policy is tried).
/// </summary>
internal sealed class PolicyChainRenderer(RuleRenderer rules)
{
    public Chain RenderPolicy(PolicyId id, EffectivePolicy policy, PolicyType direction, Predicate<IpSetId> isActive, ISet<IpSetId>? missing = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Render(FelixNames.PolicyChain(id, direction), policy.RulesFor(direction), isActive, missing);
    }

    public Chain RenderProfile(string name, EffectiveProfile profile, PolicyType direction, Predicate<IpSetId> isActive, ISet<IpSetId>? missing = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Render(FelixNames.ProfileChain(name, direction), profile.RulesFor(direction), isActive, missing);
    }

    private Chain Render(ChainName name, IReadOnlyList<EffectiveRule> effective, Predicate<IpSetId> isActive, ISet<IpSetId>? missing)
    {
        var output = new List<Rule>();
        foreach (var rule in effective)
        {
            rules.Render(rule, isActive, output, missing);
        }

        return Chain.Regular(name, output);
    }
}
