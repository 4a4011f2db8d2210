using Calico.Api.Values;
using Calico.Core;
using Calico.Felix.Calc.IpSets;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Rules;
using Calico.Policy.Effective;
using Calico.Policy.Ids;
using Calico.Selectors;

namespace Calico.Felix.Dataplane.Tests.Infrastructure;

/// <summary>Builders for the messages and rules the tests use, and the kernel names they expect.</summary>
internal static class Samples
{
    public const string Allow = "meta mark set meta mark | 0x00010000 return";
    public const string PassAction = "meta mark set meta mark | 0x00020000 return";

    public static Selector Sel(string text) => Selector.Parse(text);

    public static Cidr Net(string text) => Cidr.Parse(text);

    /// <summary>The kernel name of a selector's set for one IP version.</summary>
    public static string SetOf(Selector selector, int version = 4) => FelixNames.IpSet(IpSetDescriptor.ForSelector(selector).Id, version).Value;

    /// <summary>The kernel name of a named port's set (selector's endpoints, protocol, port name).</summary>
    public static string NamedSetOf(Selector selector, int protocol, string port, int version = 4) =>
        FelixNames.IpSet(IpSetDescriptor.ForNamedPort(selector, protocol, port).Id, version).Value;

    public static IpSetUpdate Networks(Selector selector, params string[] members) =>
        new(IpSetDescriptor.ForSelector(selector).Id, IpSetKind.Networks, [.. members.Select(m => new IpSetMember(Cidr.TryParseLenient(m, out var c) ? c : throw new FormatException(m)))]);

    public static IpSetMember Member(string text) => new(Cidr.TryParseLenient(text, out var c) ? c : throw new FormatException(text));

    public static IpSetMember PortMember(string address, int protocol, int port) => new(Cidr.FromAddress(System.Net.IPAddress.Parse(address)), protocol, port);

    public static EffectiveRule Rule(RuleAction action = RuleAction.Allow) => new() { Action = action };

    public static EffectivePolicy PolicyOf(PolicyId id, IReadOnlyList<EffectiveRule>? ingress = null, IReadOnlyList<EffectiveRule>? egress = null, string tier = "default") => new()
    {
        Id = id,
        Tier = tier,
        Selector = Selector.All,
        Types = [PolicyType.Ingress, PolicyType.Egress],
        Ingress = ingress ?? [],
        Egress = egress ?? [],
    };

    public static EffectiveProfile Profile(string name, IReadOnlyList<EffectiveRule>? ingress = null, IReadOnlyList<EffectiveRule>? egress = null) => new()
    {
        Name = name,
        Ingress = ingress ?? [],
        Egress = egress ?? [],
    };

    public static TierPolicies Tier(string name, TierDefaultAction defaultAction, IReadOnlyList<PolicyId>? ingress = null, IReadOnlyList<PolicyId>? egress = null) =>
        new(name, defaultAction, ingress ?? [], egress ?? []);

    public static WorkloadEndpointUpdate Workload(
        string name,
        string interfaceName,
        IReadOnlyList<TierPolicies>? tiers = null,
        IReadOnlyList<string>? profiles = null,
        IReadOnlyList<EndpointProblem>? problems = null,
        params string[] networks) =>
        new(EndpointId.Workload("ns", name), interfaceName, [.. networks.Select(Cidr.Parse)], tiers ?? [], profiles ?? [], problems ?? []);

    public static HostEndpointUpdate Host(
        string name,
        string interfaceName,
        IReadOnlyList<TierPolicies>? tiers = null,
        IReadOnlyList<string>? profiles = null,
        IReadOnlyList<TierPolicies>? forwardTiers = null,
        IReadOnlyList<TierPolicies>? preDnatTiers = null,
        IReadOnlyList<TierPolicies>? untrackedTiers = null) =>
        new(EndpointId.Host(name), interfaceName, [], tiers ?? [], untrackedTiers ?? [], preDnatTiers ?? [], forwardTiers ?? [], profiles ?? [], []);
}
