using Calico.Felix.Calc.IpSets;
using Calico.Policy.Effective;

namespace Calico.Felix.Calc.Graph;

/// <summary>The IP sets a policy's or profile's rules use, one entry per use, so adding and releasing them is symmetric.</summary>
internal static class RuleSetReferences
{
    public static IpSetDescriptor[] Of(IReadOnlyList<EffectiveRule> ingress, IReadOnlyList<EffectiveRule> egress)
    {
        var sets = new List<IpSetDescriptor>();
        foreach (var rule in ingress)
        {
            sets.AddRange(RuleIpSets.All(rule));
        }

        foreach (var rule in egress)
        {
            sets.AddRange(RuleIpSets.All(rule));
        }

        return [.. sets];
    }
}
