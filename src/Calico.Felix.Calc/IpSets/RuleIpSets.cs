using Calico.Policy.Effective;
using Calico.Selectors;

namespace Calico.Felix.Calc.IpSets;

/// <summary>
/// Which IP sets a rule needs (felix/calc/rule_scanner.go): the calculation graph activates exactly these while the
/// rule's policy or profile is active, and the rule renderer looks them up. One function serves both, so the names
/// always agree.
/// </summary>
public static class RuleIpSets
{
    private static readonly Selector s_all = Selector.Parse("all()");

    /// <summary>The sets of the rule's source side.</summary>
    public static RuleSideIpSets Source(EffectiveRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Side(rule.Source, rule.NamedPortProtocolNumber);
    }

    /// <summary>The sets of the rule's destination side.</summary>
    public static RuleSideIpSets Destination(EffectiveRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Side(rule.Destination, rule.NamedPortProtocolNumber);
    }

    /// <summary>Every set the rule uses, both sides.</summary>
    public static IEnumerable<IpSetDescriptor> All(EffectiveRule rule) => Source(rule).All().Concat(Destination(rule).All());

    private static RuleSideIpSets Side(EffectiveEntityRule side, int namedPortProtocol)
    {
        if (side.Selector is null && side.NotSelector is null && !HasNamedPort(side.Ports) && !HasNamedPort(side.NotPorts))
        {
            return RuleSideIpSets.None;
        }

        var selectors = side.IpSetSelectors();
        var match = selectors.Match is null ? null : IpSetDescriptor.ForSelector(selectors.Match);
        var exclude = selectors.Exclude is null ? null : IpSetDescriptor.ForSelector(selectors.Exclude);
        var portSelector = selectors.Match ?? s_all;
        return new RuleSideIpSets(match, exclude, NamedPortSets(side.Ports, portSelector, namedPortProtocol), NamedPortSets(side.NotPorts, portSelector, namedPortProtocol));
    }

    private static bool HasNamedPort(IReadOnlyList<Api.Values.Port> ports)
    {
        foreach (var port in ports)
        {
            if (port.IsNamed)
            {
                return true;
            }
        }

        return false;
    }

    private static IpSetDescriptor[] NamedPortSets(IReadOnlyList<Api.Values.Port> ports, Selector selector, int protocol)
    {
        var sets = new List<IpSetDescriptor>();
        foreach (var port in ports)
        {
            if (port.Name is { } name)
            {
                sets.Add(IpSetDescriptor.ForNamedPort(selector, protocol, name));
            }
        }

        return [.. sets];
    }
}
