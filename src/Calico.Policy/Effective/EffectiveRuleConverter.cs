using Calico.Api.Values;
using Calico.Core;
using Calico.Selectors;

namespace Calico.Policy.Effective;

/// <summary>
/// Converts API rules into <see cref="EffectiveRule"/>s the way libcalico-go's rules.go
/// (<c>RuleAPIV2ToBackend</c>) does: entity-rule selectors are combined and scoped by
/// <see cref="SelectorScoping.ForEntityRule"/>; nets are parsed (a bare IP is a /32 or /128, host bits are
/// masked, unparseable entries are dropped); notSelector is kept as written.
/// </summary>
public static class EffectiveRuleConverter
{
    /// <summary>Converts <paramref name="rules"/> for a policy in <paramref name="ns"/> (null: global policy or profile).</summary>
    public static IReadOnlyList<EffectiveRule> ConvertAll(IReadOnlyList<Rule>? rules, string? ns)
    {
        if (rules is not { Count: > 0 })
        {
            return [];
        }

        var result = new EffectiveRule[rules.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            result[i] = Convert(rules[i], ns);
        }

        return result;
    }

    /// <summary>Converts one rule of a policy in <paramref name="ns"/> (null: global policy or profile).</summary>
    /// <exception cref="SelectorParseException">A selector in the rule does not parse.</exception>
    public static EffectiveRule Convert(Rule rule, string? ns)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new EffectiveRule
        {
            Action = rule.Action ?? RuleAction.Allow,
            IpVersion = rule.IpVersion,
            Protocol = rule.Protocol,
            NotProtocol = rule.NotProtocol,
            Icmp = ConvertIcmp(rule.Icmp),
            NotIcmp = ConvertIcmp(rule.NotIcmp),
            Source = ConvertEntity(rule.Source, ns),
            Destination = ConvertEntity(rule.Destination, ns),
            HasHttpMatch = rule.Http is not null,
        };
    }

    /// <summary>Converts one side of a rule of a policy in <paramref name="ns"/>.</summary>
    public static EffectiveEntityRule ConvertEntity(EntityRule? entity, string? ns)
    {
        if (entity is null)
        {
            return EffectiveEntityRule.Any;
        }

        var selector = SelectorScoping.ForEntityRule(entity, ns);
        return new EffectiveEntityRule
        {
            Nets = ParseNets(entity.Nets),
            NotNets = ParseNets(entity.NotNets),
            Selector = selector.Length == 0 ? null : Selector.Parse(selector),
            NotSelector = string.IsNullOrEmpty(entity.NotSelector) ? null : Selector.Parse(entity.NotSelector),
            Ports = entity.Ports is { Count: > 0 } ports ? [.. ports] : [],
            NotPorts = entity.NotPorts is { Count: > 0 } notPorts ? [.. notPorts] : [],
            Services = entity.Services,
        };
    }

    private static IcmpMatch? ConvertIcmp(IcmpFields? fields) =>
        fields?.Type is { } type ? new IcmpMatch(type, fields.Code) : null;

    private static IReadOnlyList<Cidr> ParseNets(List<string>? nets)
    {
        if (nets is not { Count: > 0 })
        {
            return [];
        }

        var result = new List<Cidr>(nets.Count);
        foreach (var net in nets)
        {
            if (Cidr.TryParseLenient(net, out var cidr))
            {
                result.Add(cidr);
            }
        }

        return result;
    }
}
