namespace Calico.Felix.Calc.IpSets;

/// <summary>
/// The IP sets one side (source or destination) of a rule is rendered with (felix/calc/rule_scanner.go):
/// <list type="bullet">
/// <item><see cref="Match"/>: the peer's address must be in it (the positive selector, with any notSelector folded in);</item>
/// <item><see cref="Exclude"/>: the peer's address must not be in it (a notSelector alone);</item>
/// <item><see cref="NamedPorts"/>: (address, protocol, port) sets; the packet matches if it is in any of them or matches
///   a numeric port of the rule;</item>
/// <item><see cref="NotNamedPorts"/>: (address, protocol, port) sets the packet must be in none of.</item>
/// </list>
/// </summary>
public sealed record RuleSideIpSets(
    IpSetDescriptor? Match,
    IpSetDescriptor? Exclude,
    IReadOnlyList<IpSetDescriptor> NamedPorts,
    IReadOnlyList<IpSetDescriptor> NotNamedPorts)
{
    public static RuleSideIpSets None { get; } = new(null, null, [], []);

    /// <summary>Every set of this side.</summary>
    public IEnumerable<IpSetDescriptor> All()
    {
        if (Match is not null)
        {
            yield return Match;
        }

        if (Exclude is not null)
        {
            yield return Exclude;
        }

        foreach (var set in NamedPorts)
        {
            yield return set;
        }

        foreach (var set in NotNamedPorts)
        {
            yield return set;
        }
    }
}
