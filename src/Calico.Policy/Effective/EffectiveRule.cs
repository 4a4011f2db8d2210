using Calico.Api.Values;

namespace Calico.Policy.Effective;

/// <summary>A policy or profile rule as Felix sees it after Calico's conversion (the v1 <c>model.Rule</c>).</summary>
public sealed record EffectiveRule
{
    /// <summary>Allow, Deny, Log or Pass. A rule without an action is an Allow, as in Felix.</summary>
    public RuleAction Action { get; init; } = RuleAction.Allow;

    /// <summary>4 or 6 to restrict the rule to one IP version; null for both.</summary>
    public int? IpVersion { get; init; }

    /// <summary>The protocol the packet must have, or null.</summary>
    public Protocol? Protocol { get; init; }

    /// <summary>A protocol the packet must not have, or null.</summary>
    public Protocol? NotProtocol { get; init; }

    /// <summary>The ICMP type/code the packet must have (ICMP for IPv4, ICMPv6 for IPv6), or null.</summary>
    public IcmpMatch? Icmp { get; init; }

    /// <summary>The ICMP type/code the packet must not have, or null.</summary>
    public IcmpMatch? NotIcmp { get; init; }

    /// <summary>Constraints on the packet's source.</summary>
    public EffectiveEntityRule Source { get; init; } = EffectiveEntityRule.Any;

    /// <summary>Constraints on the packet's destination.</summary>
    public EffectiveEntityRule Destination { get; init; } = EffectiveEntityRule.Any;

    /// <summary>
    /// True if the rule had an HTTP match. Felix's iptables/nftables dataplane does not enforce it (only
    /// application-layer policy does), so the rule matches on its L3/L4 criteria alone.
    /// </summary>
    public bool HasHttpMatch { get; init; }

    /// <summary>
    /// The protocol of the endpoints' named ports this rule's named ports refer to: UDP or SCTP when the
    /// rule says so, else TCP (felix/calc/rule_scanner.go <c>namedPortProto</c>).
    /// </summary>
    public int NamedPortProtocolNumber => Protocol?.Number switch
    {
        17 => 17,
        132 => 132,
        _ => 6,
    };

    /// <summary>A one-line description, e.g. <c>Allow tcp from selector ... to ports 80</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string> { Action.ToString() };
        if (IpVersion is { } version)
        {
            parts.Add($"ipv{version}");
        }

        if (Protocol is { } protocol)
        {
            parts.Add(protocol.ToString());
        }

        if (NotProtocol is { } notProtocol)
        {
            parts.Add($"!{notProtocol}");
        }

        if (Icmp is not null)
        {
            parts.Add($"icmp {Icmp}");
        }

        if (NotIcmp is not null)
        {
            parts.Add($"!icmp {NotIcmp}");
        }

        if (!Source.IsAny)
        {
            parts.Add($"from {Source}");
        }

        if (!Destination.IsAny)
        {
            parts.Add($"to {Destination}");
        }

        return string.Join(" ", parts);
    }
}
