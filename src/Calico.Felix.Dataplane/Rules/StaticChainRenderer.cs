using System.Globalization;
using Calico.Api.Values;
using Calico.Nftables;
using Rule = Calico.Nftables.Rule;
using Calico.Policy.Snapshot;

namespace Calico.Felix.Dataplane.Rules;

/// <summary>
/// Renders the chains that exist whatever the endpoints (felix/rules/static.go), all failing closed:
/// <list type="bullet">
/// <item><c>cali-FORWARD</c> (hook forward, filter priority 0): clear Calico's mark bits but accept; host endpoints'
///   forward policy for the incoming interface; <c>iifname vmap @cali-from-wl-dispatch</c>; drop a packet from a
///   workload interface (<c>cali*</c>) that no policy accepted (an unknown interface has no chain, so it is never
///   accepted); clear accept for packets to a workload interface and <c>oifname vmap @cali-to-wl-dispatch</c>; drop
///   one to a workload interface that was not accepted; host endpoints' forward policy for the outgoing interface;
///   accept what policy accepted.</item>
/// <item><c>cali-INPUT</c> (hook input): packets from workloads go to <c>cali-wl-to-host</c> (IPv6 router and
///   neighbour discovery, the workload's egress policy through the same dispatch map, unknown interfaces dropped, then
///   defaultEndpointToHostAction); VXLAN from other cluster hosts (<c>cali40all-vxlan-net</c>) is accepted; the others
///   go through host endpoint policy.</item>
/// <item><c>cali-OUTPUT</c> (hook output): packets to local workloads are not policed (returned at once); VXLAN to
///   other cluster hosts is accepted; the others go through host endpoint policy.</item>
/// </list>
/// </summary>
internal sealed class StaticChainRenderer
{
    private static readonly BaseChainSpec ForwardHook = new(ChainType.Filter, ChainHook.Forward, 0);
    private static readonly BaseChainSpec InputHook = new(ChainType.Filter, ChainHook.Input, 0);
    private static readonly BaseChainSpec OutputHook = new(ChainType.Filter, ChainHook.Output, 0);

    /// <summary>Felix's VXLANPort.</summary>
    public const int VxlanPort = 4789;

    private readonly MarkBits _marks;
    private readonly IReadOnlyList<string> _prefixes;

    public StaticChainRenderer(FilterRulesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.WorkloadInterfacePrefixes.Count == 0)
        {
            throw new ArgumentException("at least one workload interface prefix is needed", nameof(options));
        }

        foreach (var prefix in options.WorkloadInterfacePrefixes)
        {
            if (string.IsNullOrEmpty(prefix) || prefix.Length > 14 || prefix.AsSpan().IndexOfAny("\"\\*? \t\r\n") >= 0)
            {
                throw new ArgumentException($"workload interface prefix \"{prefix}\" must be 1 to 14 characters without quotes, '\\', wildcards or spaces", nameof(options));
            }
        }

        _marks = options.Marks;
        _prefixes = options.WorkloadInterfacePrefixes;
    }

    /// <summary>The verdict maps the base chains dispatch through, all keyed by interface name.</summary>
    public static IReadOnlyList<VmapSpec> DispatchMaps { get; } =
    [
        VmapSpec.ByInterfaceName(FelixNames.FromWorkloadDispatch),
        VmapSpec.ByInterfaceName(FelixNames.ToWorkloadDispatch),
        VmapSpec.ByInterfaceName(FelixNames.FromHostEndpointDispatch),
        VmapSpec.ByInterfaceName(FelixNames.ToHostEndpointDispatch),
        VmapSpec.ByInterfaceName(FelixNames.FromHostEndpointForwardDispatch),
        VmapSpec.ByInterfaceName(FelixNames.ToHostEndpointForwardDispatch),
    ];

    public Chain Forward()
    {
        var accepted = _marks.IsSet(_marks.Accept);
        var notAccepted = _marks.IsClear(_marks.Accept);
        var rules = new List<Rule>
        {
            new(_marks.Clear(_marks.Mask & ~_marks.Accept), "Clear Calico's mark bits but accept"),
            new($"jump {FelixNames.FromHostEndpointForward}"),
            new($"iifname vmap @{FelixNames.FromWorkloadDispatch}"),
        };
        rules.AddRange(_prefixes.Select(p => new Rule($"iifname \"{p}*\" {notAccepted} drop", "Drop packets from unknown workloads or not accepted by policy")));
        rules.AddRange(_prefixes.Select(p => new Rule($"oifname \"{p}*\" {_marks.Clear(_marks.Accept)}", "The destination workload's policy decides afresh")));
        rules.Add(new Rule($"oifname vmap @{FelixNames.ToWorkloadDispatch}"));
        rules.AddRange(_prefixes.Select(p => new Rule($"oifname \"{p}*\" {notAccepted} drop", "Drop packets to unknown workloads or not accepted by policy")));
        rules.Add(new Rule($"jump {FelixNames.ToHostEndpointForward}"));
        rules.Add(new Rule($"{accepted} accept", "Accept packets accepted by policy"));
        return Chain.Hooked(FelixNames.Forward, ForwardHook, rules);
    }

    public Chain Input()
    {
        var rules = _prefixes.Select(p => new Rule($"iifname \"{p}*\" goto {FelixNames.WorkloadToHost}")).ToList();
        rules.Add(new Rule($"ip saddr @{FelixNames.AllVxlanHostsV4} udp dport {VxlanPort} accept", "Allow VXLAN packets from other cluster hosts (before host endpoint policy)"));
        rules.Add(new Rule($"jump {FelixNames.FromHostEndpoint}"));
        rules.Add(new Rule($"{_marks.IsSet(_marks.Accept)} accept", "Accept packets accepted by host endpoint policy"));
        return Chain.Hooked(FelixNames.Input, InputHook, rules);
    }

    public Chain Output()
    {
        var rules = _prefixes.Select(p => new Rule($"oifname \"{p}*\" return", "Host to local workloads is not policed")).ToList();
        rules.Add(new Rule($"ip daddr @{FelixNames.AllVxlanHostsV4} udp dport {VxlanPort} accept", "Allow VXLAN packets to other cluster hosts (before host endpoint policy)"));
        rules.Add(new Rule($"jump {FelixNames.ToHostEndpoint}"));
        rules.Add(new Rule($"{_marks.IsSet(_marks.Accept)} accept", "Accept packets accepted by host endpoint policy"));
        return Chain.Hooked(FelixNames.Output, OutputHook, rules);
    }

    /// <summary><c>cali-wl-to-host</c>: a workload's packet to its own host.</summary>
    public Chain WorkloadToHost(EndpointToHostAction action)
    {
        var rules = new List<Rule>
        {
            new("meta l4proto 58 icmpv6 type { 130, 131, 132, 133, 135, 136 } accept", "IPv6 router and neighbour discovery"),
            new($"iifname vmap @{FelixNames.FromWorkloadDispatch}"),
            new($"{_marks.IsClear(_marks.Accept)} drop", "Drop packets from unknown workloads or not accepted by policy"),
            action switch
            {
                EndpointToHostAction.Accept => new Rule("accept", "Configured DefaultEndpointToHostAction"),
                EndpointToHostAction.Return => new Rule("return", "Configured DefaultEndpointToHostAction"),
                _ => new Rule("drop", "Configured DefaultEndpointToHostAction"),
            },
        };
        return Chain.Regular(FelixNames.WorkloadToHost, rules);
    }

    /// <summary><c>cali-failsafe-in</c> (Ingress: destination port, optional source net) or <c>cali-failsafe-out</c> (Egress: destination port, optional destination net).</summary>
    public static Chain Failsafe(HostSettings settings, PolicyType direction)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var inbound = direction == PolicyType.Ingress;
        var rules = new List<Rule>();
        foreach (var port in inbound ? settings.FailsafeInbound : settings.FailsafeOutbound)
        {
            var match = string.Create(CultureInfo.InvariantCulture, $"meta l4proto {port.ProtocolNumber} th dport {port.Port}");
            if (port.Net is { } net)
            {
                var family = net.IsIPv4 ? "ip" : "ip6";
                var field = inbound ? "saddr" : "daddr";
                match = $"{family} {field} {net} {match}";
            }

            rules.Add(new Rule($"{match} accept", $"Failsafe {port}".AsRuleComment()));
        }

        return Chain.Regular(inbound ? FelixNames.FailsafeIn : FelixNames.FailsafeOut, rules);
    }

    /// <summary>
    /// <c>cali-from-host-endpoint</c> (Ingress) or <c>cali-to-host-endpoint</c> (Egress): per-interface dispatch, then the
    /// all-interfaces host endpoint's chain (if any) for every interface but <c>lo</c> that no per-interface endpoint
    /// accepted.
    /// </summary>
    public Chain HostEndpointDispatch(PolicyType direction, ChainName? allInterfaces)
    {
        var inbound = direction == PolicyType.Ingress;
        var field = inbound ? "iifname" : "oifname";
        var rules = new List<Rule> { new($"{field} vmap @{(inbound ? FelixNames.FromHostEndpointDispatch : FelixNames.ToHostEndpointDispatch)}") };
        if (allInterfaces is { } all)
        {
            rules.Add(new Rule($"{_marks.IsSet(_marks.Accept)} return", "Accepted by the interface's host endpoint"));
            rules.Add(new Rule($"{field} != \"lo\" jump {all}", "All-interfaces host endpoint"));
        }

        return Chain.Regular(inbound ? FelixNames.FromHostEndpoint : FelixNames.ToHostEndpoint, rules);
    }

    /// <summary><c>cali-from-hep-forward</c> (Ingress) or <c>cali-to-hep-forward</c> (Egress): per-interface dispatch of forwarded traffic.</summary>
    public static Chain HostEndpointForwardDispatch(PolicyType direction) => direction == PolicyType.Ingress
        ? Chain.Regular(FelixNames.FromHostEndpointForward, new Rule($"iifname vmap @{FelixNames.FromHostEndpointForwardDispatch}"))
        : Chain.Regular(FelixNames.ToHostEndpointForward, new Rule($"oifname vmap @{FelixNames.ToHostEndpointForwardDispatch}"));
}
