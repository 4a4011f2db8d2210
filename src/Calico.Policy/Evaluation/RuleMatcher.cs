using System.Net;
using System.Net.Sockets;
using Calico.Api.Values;
using Calico.Core;
using Calico.Policy.Effective;
using Calico.Selectors;

namespace Calico.Policy.Evaluation;

/// <summary>
/// Decides whether a rule matches a flow, with the semantics of the rules Felix renders
/// (felix/rules/policy.go, felix/calc/rule_scanner.go):
/// <list type="bullet">
/// <item>a rule is only rendered for an IP version it applies to: its ipVersion, and, when it has nets or
/// notNets, at least one of them of that version (notNets of 0.0.0.0/0 or ::/0 drop the rule);</item>
/// <item>selectors match through IP sets: the address must belong to an endpoint or network set whose
/// labels match the positive selector and not the notSelector (combined as Felix does); with only a
/// notSelector, no owner of the address may match it;</item>
/// <item>ports are numbers, ranges or named ports; a named port matches when an endpoint owning the
/// address (and selected by the positive selector) has a port of that name, the rule's named-port
/// protocol (TCP unless the rule says UDP or SCTP) and the packet's port.</item>
/// </list>
/// </summary>
internal sealed class RuleMatcher
{
    public bool Matches(EffectiveRule rule, FlowContext flow)
    {
        if (rule.IpVersion is { } version && version != flow.IpVersion)
        {
            return false;
        }

        if (!RenderedFor(rule.Source, flow.IpVersion) || !RenderedFor(rule.Destination, flow.IpVersion))
        {
            return false;
        }

        if (rule.Protocol is { } protocol && protocol.Number != flow.Protocol)
        {
            return false;
        }

        if (rule.NotProtocol is { } notProtocol && notProtocol.Number == flow.Protocol)
        {
            return false;
        }

        if (rule.Icmp is { } icmp && !IcmpMatches(icmp, flow))
        {
            return false;
        }

        if (rule.NotIcmp is { } notIcmp && (!IsIcmp(flow) || IcmpMatches(notIcmp, flow)))
        {
            return false;
        }

        return EntityMatches(rule, rule.Source, flow, flow.Source, flow.SourcePort, flow.SourceMembers)
            && EntityMatches(rule, rule.Destination, flow, flow.Destination, flow.DestinationPort, flow.DestinationMembers);
    }

    /// <summary>felix/rules/policy.go <c>FilterRuleToIPVersion</c>: false when the rule is not rendered for the version.</summary>
    private static bool RenderedFor(EffectiveEntityRule entity, int ipVersion)
    {
        if (entity.Nets.Count > 0 && !entity.Nets.Any(n => IsVersion(n, ipVersion)))
        {
            return false;
        }

        if (entity.NotNets.Count > 0)
        {
            var any = false;
            foreach (var net in entity.NotNets)
            {
                if (!IsVersion(net, ipVersion))
                {
                    continue;
                }

                if (net.PrefixLength == 0)
                {
                    // A negated catch-all would be a contradiction; Felix drops the whole rule.
                    return false;
                }

                any = true;
            }

            return any;
        }

        return true;
    }

    private static bool EntityMatches(
        EffectiveRule rule,
        EffectiveEntityRule entity,
        FlowContext flow,
        IPAddress address,
        int? port,
        IReadOnlyList<AddressMember> members)
    {
        if (entity.Services is not null)
        {
            // Service matches need Kubernetes Services and EndpointSlices, which this model does not have.
            return false;
        }

        if (entity.Nets.Count > 0 && !entity.Nets.Any(n => IsVersion(n, flow.IpVersion) && n.Contains(address)))
        {
            return false;
        }

        if (entity.NotNets.Any(n => IsVersion(n, flow.IpVersion) && n.Contains(address)))
        {
            return false;
        }

        var positive = entity.Selector;
        var negative = entity.NotSelector;
        if (positive is not null)
        {
            if (!members.Any(m => Selected(m, positive, negative)))
            {
                return false;
            }
        }
        else if (negative is not null && members.Any(m => negative.Matches(m.Labels)))
        {
            return false;
        }

        if (entity.Ports.Count > 0 && !PortListMatches(entity.Ports, rule, flow, port, members, positive, negative))
        {
            return false;
        }

        if (entity.NotPorts.Count > 0 && PortListMatches(entity.NotPorts, rule, flow, port, members, positive, negative))
        {
            return false;
        }

        return true;
    }

    private static bool PortListMatches(
        IReadOnlyList<Port> ports,
        EffectiveRule rule,
        FlowContext flow,
        int? port,
        IReadOnlyList<AddressMember> members,
        Selector? positive,
        Selector? negative)
    {
        if (port is not { } number)
        {
            return false;
        }

        foreach (var candidate in ports)
        {
            if (!candidate.IsNamed)
            {
                if (number >= candidate.Min && number <= candidate.Max)
                {
                    return true;
                }

                continue;
            }

            var protocol = rule.NamedPortProtocolNumber;
            if (flow.Protocol != protocol)
            {
                continue;
            }

            foreach (var member in members)
            {
                if (member.Endpoint is not { } endpoint || (positive is not null && !Selected(member, positive, negative)))
                {
                    continue;
                }

                foreach (var named in endpoint.Ports)
                {
                    if (named.ProtocolNumber == protocol && named.Port == number && string.Equals(named.Name, candidate.Name, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Felix folds the notSelector into the positive one: <c>(positive) &amp;&amp; (!(negative))</c>.</summary>
    private static bool Selected(AddressMember member, Selector positive, Selector? negative) =>
        positive.Matches(member.Labels) && (negative is null || !negative.Matches(member.Labels));

    private static bool IsIcmp(FlowContext flow) =>
        flow.Protocol == (flow.IpVersion == 6 ? ProtocolNames.IcmpV6 : ProtocolNames.Icmp);

    private static bool IcmpMatches(IcmpMatch icmp, FlowContext flow) =>
        IsIcmp(flow) && flow.IcmpType == icmp.Type && (icmp.Code is not { } code || flow.IcmpCode == code);

    private static bool IsVersion(Cidr net, int ipVersion) =>
        net.Family == (ipVersion == 6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
}
