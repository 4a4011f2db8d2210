using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Calico.Api.Values;
using Calico.Core;
using Calico.Felix.Calc.IpSets;
using Calico.Nftables;
using Rule = Calico.Nftables.Rule;
using Calico.Policy.Effective;

namespace Calico.Felix.Dataplane.Rules;

/// <summary>
/// Renders one policy or profile rule (<see cref="EffectiveRule"/>) as nft rules, with exactly the semantics of the
/// policy model's <c>RuleMatcher</c>:
/// <list type="bullet">
/// <item>A rule with no IP-version-specific part (no ipVersion, nets, selectors, named ports or ICMP) is one rule for
///   both versions. Otherwise it is rendered once per IP version it applies to (its ipVersion; with nets, at least one
///   of that version; a notNets catch-all drops it), with <c>ip</c>/<c>ip6</c> matches and the <c>cali40</c>/<c>cali60</c>
///   sets, and <c>meta nfproto</c> when nothing else pins the version.</item>
/// <item>Selectors are the sets <see cref="RuleIpSets"/> names: Match <c>ip saddr @SET</c>, Exclude
///   <c>ip saddr != @SET</c>, NotNamedPorts <c>ip saddr . meta l4proto . th sport != @SET</c>.</item>
/// <item>Ports and named ports are alternatives (numeric ports in one rule, each named-port set in another), so a
///   side with both becomes several rules; the source's alternatives times the destination's. For a Log rule the
///   alternatives are made disjoint (each negates the earlier ones) so a packet is logged once.</item>
/// <item>A set that is not active is treated as empty: a Match or named-port alternative on it matches nothing, an
///   Exclude or NotNamedPorts on it excludes nothing. Its ID is reported so the caller can re-render later.</item>
/// <item>Protocols and ICMP types are written as numbers (independent of /etc/protocols). ICMP matches require ICMP of
///   the rendered version (1 for IPv4, 58 for IPv6). A rule with a Service match never matches and renders nothing;
///   HTTP matches are ignored (the rule matches on its L3/L4 criteria).</item>
/// <item>Actions: Allow sets the accept mark and returns, Pass sets the pass mark and returns, Deny drops, Log logs
///   and continues.</item>
/// </list>
/// </summary>
internal sealed class RuleRenderer
{
    private const string PortProtocols = "{ 6, 17, 132 }";
    private static readonly int[] BothVersions = [4, 6];

    private readonly FilterRulesOptions _options;
    private readonly string _logAction;

    public RuleRenderer(FilterRulesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.LogPrefix.AsSpan().IndexOfAny("\"\\\r\n") >= 0)
        {
            throw new ArgumentException($"log prefix \"{options.LogPrefix}\" may not contain quotes, backslashes or line breaks", nameof(options));
        }

        _options = options;
        _logAction = $"log prefix \"{options.LogPrefix}: \"";
    }

    /// <summary>
    /// Appends the nft rules of <paramref name="rule"/> to <paramref name="output"/>. <paramref name="isActive"/> says
    /// which IP sets exist; the IDs of referenced sets that do not are added to <paramref name="missing"/>.
    /// </summary>
    public void Render(EffectiveRule rule, Predicate<IpSetId> isActive, List<Rule> output, ISet<IpSetId>? missing = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(isActive);
        ArgumentNullException.ThrowIfNull(output);
        if (rule.Source.Services is not null || rule.Destination.Services is not null)
        {
            return;
        }

        var sourceSets = RuleIpSets.Source(rule);
        var destinationSets = RuleIpSets.Destination(rule);
        if (IsVersionNeutral(rule, sourceSets, destinationSets))
        {
            RenderFor(rule, null, sourceSets, destinationSets, isActive, output, missing);
            return;
        }

        foreach (var version in rule.IpVersion is { } only ? [only] : BothVersions)
        {
            if (RenderedFor(rule.Source, version) && RenderedFor(rule.Destination, version))
            {
                RenderFor(rule, version, sourceSets, destinationSets, isActive, output, missing);
            }
        }
    }

    private void RenderFor(
        EffectiveRule rule,
        int? version,
        RuleSideIpSets sourceSets,
        RuleSideIpSets destinationSets,
        Predicate<IpSetId> isActive,
        List<Rule> output,
        ISet<IpSetId>? missing)
    {
        var common = new List<Clause>();
        if (!TryRenderProtocol(rule, version, common))
        {
            return;
        }

        if (!TryRenderSide(rule, rule.Source, sourceSets, isSource: true, version, isActive, missing, out var source)
            || !TryRenderSide(rule, rule.Destination, destinationSets, isSource: false, version, isActive, missing, out var destination))
        {
            return;
        }

        var disjoint = rule.Action == RuleAction.Log;
        var action = Action(rule.Action);
        for (var i = 0; i < Math.Max(1, source.Alternatives.Count); i++)
        {
            for (var j = 0; j < Math.Max(1, destination.Alternatives.Count); j++)
            {
                var clauses = new List<Clause>(common);
                source.AppendTo(clauses, i, disjoint);
                destination.AppendTo(clauses, j, disjoint);
                var text = new StringBuilder();
                if (version is { } v && !clauses.Exists(c => c.PinsVersion))
                {
                    text.Append(v == 4 ? "meta nfproto ipv4 " : "meta nfproto ipv6 ");
                }

                foreach (var clause in clauses)
                {
                    text.Append(clause.Text).Append(' ');
                }

                output.Add(new Rule(text.Append(action).ToString()));
            }
        }
    }

    /// <summary>Protocol, notProtocol and ICMP; false when the rule cannot match a packet of this version.</summary>
    private static bool TryRenderProtocol(EffectiveRule rule, int? version, List<Clause> clauses)
    {
        var protocol = rule.Protocol?.Number;
        if (protocol is { } number)
        {
            clauses.Add(new Clause($"meta l4proto {Number(number)}", false));
        }

        if (rule.NotProtocol is { } notProtocol)
        {
            clauses.Add(new Clause($"meta l4proto != {Number(notProtocol.Number)}", false));
        }

        if (rule.Icmp is null && rule.NotIcmp is null)
        {
            return true;
        }

        // Not version-neutral, so the version is known here.
        var icmpProtocol = version == 6 ? 58 : 1;
        var keyword = version == 6 ? "icmpv6" : "icmp";
        if ((protocol is { } p && p != icmpProtocol) || rule.NotProtocol?.Number == icmpProtocol)
        {
            return false;
        }

        if (protocol is null)
        {
            clauses.Add(new Clause($"meta l4proto {Number(icmpProtocol)}", false));
        }

        if (rule.Icmp is { } icmp)
        {
            clauses.Add(new Clause(icmp.Code is { } code
                ? $"{keyword} type {Number(icmp.Type)} {keyword} code {Number(code)}"
                : $"{keyword} type {Number(icmp.Type)}", false));
        }

        if (rule.NotIcmp is { } notIcmp)
        {
            clauses.Add(new Clause(notIcmp.Code is { } code
                ? $"{keyword} type . {keyword} code != {{ {Number(notIcmp.Type)} . {Number(code)} }}"
                : $"{keyword} type != {Number(notIcmp.Type)}", false));
        }

        return true;
    }

    /// <summary>One side's clauses and alternatives; false when the side can match nothing.</summary>
    private static bool TryRenderSide(
        EffectiveRule rule,
        EffectiveEntityRule side,
        RuleSideIpSets sets,
        bool isSource,
        int? version,
        Predicate<IpSetId> isActive,
        ISet<IpSetId>? missing,
        out SideMatch match)
    {
        match = SideMatch.Any;
        var clauses = new List<Clause>();
        var alternatives = new List<Clause>();
        var negations = new List<Clause>();
        var address = isSource ? "saddr" : "daddr";
        var port = isSource ? "th sport" : "th dport";
        var family = version == 6 ? "ip6" : "ip";
        var portsApply = rule.Protocol is not { } protocol || protocol.SupportsPorts;

        bool Active(IpSetDescriptor set)
        {
            if (isActive(set.Id))
            {
                return true;
            }

            missing?.Add(set.Id);
            return false;
        }

        if (version is { } v)
        {
            var nets = OfVersion(side.Nets, v);
            if (nets.Count > 0)
            {
                clauses.Add(new Clause($"{family} {address} {Elements(nets.Select(NetText))}", true));
            }

            var notNets = OfVersion(side.NotNets, v);
            if (notNets.Count > 0)
            {
                clauses.Add(new Clause($"{family} {address} != {Elements(notNets.Select(NetText))}", true));
            }

            if (sets.Match is { } matchSet)
            {
                if (!Active(matchSet))
                {
                    return false;
                }

                clauses.Add(new Clause($"{family} {address} @{FelixNames.IpSet(matchSet.Id, v)}", true));
            }

            if (sets.Exclude is { } exclude && Active(exclude))
            {
                clauses.Add(new Clause($"{family} {address} != @{FelixNames.IpSet(exclude.Id, v)}", true));
            }
        }

        var notNumeric = side.NotPorts.Where(p => !p.IsNamed).ToList();
        if (notNumeric.Count > 0 && portsApply)
        {
            clauses.Add(new Clause($"{port} != {Elements(notNumeric.Select(PortText))}", false));
        }

        if (version is { } v2)
        {
            foreach (var set in sets.NotNamedPorts)
            {
                if (Active(set))
                {
                    clauses.Add(new Clause($"{family} {address} . meta l4proto . {port} != @{FelixNames.IpSet(set.Id, v2)}", true));
                }
            }
        }

        if (side.Ports.Count > 0)
        {
            var numeric = side.Ports.Where(p => !p.IsNamed).ToList();
            if (numeric.Count > 0 && portsApply)
            {
                var list = Elements(numeric.Select(PortText));
                var qualifier = rule.Protocol is null ? $"meta l4proto {PortProtocols} " : string.Empty;
                alternatives.Add(new Clause($"{qualifier}{port} {list}", false));
                negations.Add(new Clause($"{port} != {list}", false));
            }

            if (version is { } v3)
            {
                foreach (var set in sets.NamedPorts)
                {
                    if (Active(set))
                    {
                        var name = FelixNames.IpSet(set.Id, v3);
                        alternatives.Add(new Clause($"{family} {address} . meta l4proto . {port} @{name}", true));
                        negations.Add(new Clause($"{family} {address} . meta l4proto . {port} != @{name}", true));
                    }
                }
            }

            if (alternatives.Count == 0)
            {
                return false;
            }
        }

        match = new SideMatch(clauses, alternatives, negations);
        return true;
    }

    private string Action(RuleAction action) => action switch
    {
        RuleAction.Allow => $"{_options.Marks.Set(_options.Marks.Accept)} return",
        RuleAction.Pass => $"{_options.Marks.Set(_options.Marks.Pass)} return",
        RuleAction.Deny => "drop",
        RuleAction.Log => _logAction,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown rule action"),
    };

    private static bool IsVersionNeutral(EffectiveRule rule, RuleSideIpSets source, RuleSideIpSets destination) =>
        rule.IpVersion is null && rule.Icmp is null && rule.NotIcmp is null
        && rule.Source.Nets.Count == 0 && rule.Source.NotNets.Count == 0
        && rule.Destination.Nets.Count == 0 && rule.Destination.NotNets.Count == 0
        && !source.All().Any() && !destination.All().Any();

    /// <summary>felix/rules/policy.go <c>FilterRuleToIPVersion</c>, as the policy model's <c>RuleMatcher.RenderedFor</c>.</summary>
    private static bool RenderedFor(EffectiveEntityRule side, int version)
    {
        if (side.Nets.Count > 0 && OfVersion(side.Nets, version).Count == 0)
        {
            return false;
        }

        if (side.NotNets.Count > 0)
        {
            var notNets = OfVersion(side.NotNets, version);
            return notNets.Count > 0 && !notNets.Exists(n => n.PrefixLength == 0);
        }

        return true;
    }

    private static List<Cidr> OfVersion(IReadOnlyList<Cidr> nets, int version)
    {
        var family = version == 6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var result = new List<Cidr>(nets.Count);
        foreach (var net in nets)
        {
            if (net.Family == family && !result.Contains(net))
            {
                result.Add(net);
            }
        }

        return result;
    }

    private static string Elements(IEnumerable<string> elements)
    {
        var list = elements.Distinct(StringComparer.Ordinal).ToList();
        return list.Count == 1 ? list[0] : "{ " + string.Join(", ", list) + " }";
    }

    private static string NetText(Cidr net) =>
        net.PrefixLength == net.MaxPrefixLength ? net.Address.ToString() : net.ToString();

    private static string PortText(Port port) =>
        port.Min == port.Max ? Number(port.Min) : $"{Number(port.Min)}-{Number(port.Max)}";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One match expression; <see cref="PinsVersion"/> when it only matches packets of the rendered IP version.</summary>
    private readonly record struct Clause(string Text, bool PinsVersion);

    /// <summary>A side's clauses (all must hold) and alternatives (one must hold), with each alternative's negation.</summary>
    private sealed record SideMatch(List<Clause> Clauses, List<Clause> Alternatives, List<Clause> Negations)
    {
        public static SideMatch Any { get; } = new([], [], []);

        public void AppendTo(List<Clause> target, int alternative, bool disjoint)
        {
            target.AddRange(Clauses);
            if (Alternatives.Count == 0)
            {
                return;
            }

            if (disjoint)
            {
                target.AddRange(Negations.Take(alternative));
            }

            target.Add(Alternatives[alternative]);
        }
    }
}
