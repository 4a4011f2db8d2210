using Calico.Api.Values;

namespace Calico.Api.Validation;

/// <summary>Calico's rule checks: action, protocol and ports, ICMP, nets, selectors, services, HTTP.</summary>
public static class RuleValidator
{
    public static void CheckRules(ValidationErrors errors, string path, List<Rule>? rules, PolicyType direction)
    {
        if (rules is null)
        {
            return;
        }

        for (var i = 0; i < rules.Count; i++)
        {
            Check(errors, ValidationErrors.Index(path, i), rules[i], direction);
        }
    }

    public static void Check(ValidationErrors errors, string path, Rule rule, PolicyType direction)
    {
        if (rule.Action is null)
        {
            errors.Add(ValidationErrors.Join(path, "action"), "is required (Allow, Deny, Log or Pass)");
        }

        if (rule.IpVersion is { } version && version is not (4 or 6))
        {
            errors.Add(ValidationErrors.Join(path, "ipVersion"), $"must be 4 or 6, not {version}");
        }

        CheckIcmp(errors, path, "icmp", rule.Icmp, rule.Protocol, rule.IpVersion);
        CheckIcmp(errors, path, "notICMP", rule.NotIcmp, rule.Protocol, rule.IpVersion);
        CheckEntity(errors, ValidationErrors.Join(path, "source"), rule.Source, rule, isServiceSide: direction == PolicyType.Ingress);
        CheckEntity(errors, ValidationErrors.Join(path, "destination"), rule.Destination, rule, isServiceSide: direction == PolicyType.Egress);

        if (rule.Http is { } http)
        {
            if (rule.Action != RuleAction.Allow)
            {
                errors.Add(ValidationErrors.Join(path, "http"), "HTTP match is only allowed in Allow rules");
            }

            if (direction != PolicyType.Ingress)
            {
                errors.Add(ValidationErrors.Join(path, "http"), "HTTP match is only allowed in ingress rules");
            }

            if (rule.Protocol is { } p && p.Number != 6)
            {
                errors.Add(ValidationErrors.Join(path, "http"), "HTTP match needs protocol TCP or no protocol");
            }

            foreach (var (entry, i) in (http.Paths ?? []).Select((e, i) => (e, i)))
            {
                if ((entry.Exact is null) == (entry.Prefix is null))
                {
                    errors.Add($"{path}.http.paths[{i}]", "exactly one of exact and prefix is required");
                }
            }
        }
    }

    private static void CheckIcmp(ValidationErrors errors, string path, string field, IcmpFields? icmp, Protocol? protocol, int? ipVersion)
    {
        if (icmp is null)
        {
            return;
        }

        var icmpPath = ValidationErrors.Join(path, field);
        if (icmp.Type is { } type && type is < 0 or > 254)
        {
            errors.Add(icmpPath + ".type", $"ICMP type {type} is out of range (0-254)");
        }

        if (icmp.Code is { } code)
        {
            if (icmp.Type is null)
            {
                errors.Add(icmpPath + ".code", "an ICMP code needs an ICMP type");
            }

            if (code is < 0 or > 255)
            {
                errors.Add(icmpPath + ".code", $"ICMP code {code} is out of range (0-255)");
            }
        }

        var number = protocol?.Number;
        if (number is not (1 or 58))
        {
            errors.Add(icmpPath, "ICMP fields need protocol ICMP or ICMPv6");
        }
        else if ((number == 1 && ipVersion == 6) || (number == 58 && ipVersion == 4))
        {
            errors.Add(icmpPath, $"protocol {protocol} does not match ipVersion {ipVersion}");
        }
    }

    private static void CheckEntity(ValidationErrors errors, string path, EntityRule? entity, Rule rule, bool isServiceSide)
    {
        if (entity is null)
        {
            return;
        }

        CheckNets(errors, ValidationErrors.Join(path, "nets"), entity.Nets, rule.IpVersion, rejectAll: false);
        CheckNets(errors, ValidationErrors.Join(path, "notNets"), entity.NotNets, rule.IpVersion, rejectAll: true);
        SelectorRules.Check(errors, ValidationErrors.Join(path, "selector"), entity.Selector, allowGlobal: false);
        SelectorRules.Check(errors, ValidationErrors.Join(path, "notSelector"), entity.NotSelector, allowGlobal: false);
        SelectorRules.Check(errors, ValidationErrors.Join(path, "namespaceSelector"), entity.NamespaceSelector, allowGlobal: true);
        if (entity.ServiceAccounts is { } accounts)
        {
            SelectorRules.Check(errors, ValidationErrors.Join(path, "serviceAccounts.selector"), accounts.Selector, allowGlobal: false);
            foreach (var (name, i) in (accounts.Names ?? []).Select((n, i) => (n, i)))
            {
                if (NameRules.CheckSubdomain(name) is { } problem)
                {
                    errors.Add($"{path}.serviceAccounts.names[{i}]", problem);
                }
            }
        }

        CheckPorts(errors, ValidationErrors.Join(path, "ports"), entity.Ports, rule.Protocol);
        CheckPorts(errors, ValidationErrors.Join(path, "notPorts"), entity.NotPorts, rule.Protocol);

        if (entity.Services is { } services)
        {
            if (!isServiceSide)
            {
                errors.Add(ValidationErrors.Join(path, "services"), "services may only be matched on the source of ingress rules or the destination of egress rules");
            }

            if (string.IsNullOrEmpty(services.Name))
            {
                errors.Add(ValidationErrors.Join(path, "services.name"), "is required");
            }

            if (entity.Selector is not null || entity.NotSelector is not null || entity.NamespaceSelector is not null || entity.Nets is not null
                || entity.NotNets is not null || entity.ServiceAccounts is not null)
            {
                errors.Add(ValidationErrors.Join(path, "services"), "cannot be combined with selector, notSelector, namespaceSelector, nets, notNets or serviceAccounts");
            }

            if ((entity.Ports is not null || entity.NotPorts is not null) && path.EndsWith("destination", StringComparison.Ordinal))
            {
                errors.Add(ValidationErrors.Join(path, "services"), "ports cannot be combined with services on egress rules (they come from the service)");
            }
        }
    }

    private static void CheckNets(ValidationErrors errors, string path, List<string>? nets, int? ipVersion, bool rejectAll)
    {
        if (nets is null)
        {
            return;
        }

        for (var i = 0; i < nets.Count; i++)
        {
            var itemPath = ValidationErrors.Index(path, i);
            if (NetRules.CheckNet(errors, itemPath, nets[i]) is not { } cidr)
            {
                continue;
            }

            if (ipVersion is { } v && NetRules.VersionOf(cidr) != v)
            {
                errors.Add(itemPath, $"\"{nets[i]}\" is an IPv{NetRules.VersionOf(cidr)} network but the rule has ipVersion {v}");
            }

            if (rejectAll && cidr.PrefixLength == 0)
            {
                errors.Add(itemPath, $"\"{nets[i]}\" matches every address, so notNets would match nothing; remove the rule or use a narrower network");
            }
        }
    }

    private static void CheckPorts(ValidationErrors errors, string path, List<Port>? ports, Protocol? protocol)
    {
        if (ports is null)
        {
            return;
        }

        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            if (port.IsNamed)
            {
                if (protocol is { } p && !p.SupportsPorts)
                {
                    errors.Add(ValidationErrors.Index(path, i), $"named port \"{port.Name}\" needs protocol TCP, UDP or SCTP (or no protocol), not {p}");
                }

                continue;
            }

            if (protocol is not { SupportsPorts: true })
            {
                errors.Add(ValidationErrors.Index(path, i), protocol is null
                    ? $"numeric port {port} needs the rule's protocol set to TCP, UDP or SCTP"
                    : $"numeric port {port} needs protocol TCP, UDP or SCTP, not {protocol}");
            }
        }
    }
}
