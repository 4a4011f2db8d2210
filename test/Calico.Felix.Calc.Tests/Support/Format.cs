using System.Globalization;
using Calico.Felix.Calc.IpSets;
using Calico.Felix.Calc.Messages;
using Calico.Policy.Effective;
using Calico.Policy.Ids;

namespace Calico.Felix.Calc.Tests.Support;

/// <summary>
/// One text form for everything <see cref="DataplaneView"/> compares, so the dataplane's state and the oracle's are
/// rendered by the same code and a difference reads as a line of text.
/// </summary>
internal static class Format
{
    public static string Policy(PolicyId id) => $"{id.Kind}:{id}";

    public static string Tiers(IEnumerable<TierPolicies> tiers) =>
        "[" + string.Join("; ", tiers.Select(t =>
            $"{t.Name}/{t.DefaultAction} in({string.Join(",", t.Ingress.Select(Policy))}) out({string.Join(",", t.Egress.Select(Policy))})")) + "]";

    public static string Sets(IEnumerable<IpSetDescriptor> sets) =>
        "[" + string.Join(",", sets.Select(s => s.Id.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) + "]";

    public static string PolicyContent(EffectivePolicy policy) => string.Join(" ",
        $"tier={policy.Tier}",
        $"order={policy.Order?.ToString(CultureInfo.InvariantCulture) ?? "none"}",
        $"selector={policy.Selector.Canonical}",
        $"types={string.Join(",", policy.Types)}",
        $"untracked={policy.DoNotTrack} preDnat={policy.PreDnat} forward={policy.ApplyOnForward}",
        $"rules={policy.Ingress.Count}/{policy.Egress.Count}",
        $"sets={Sets(SetsOf(policy.Ingress, policy.Egress))}");

    public static string ProfileContent(EffectiveProfile profile) => string.Join(" ",
        $"labels={Labels(profile.LabelsToApply)}",
        $"rules={profile.Ingress.Count}/{profile.Egress.Count}",
        $"sets={Sets(SetsOf(profile.Ingress, profile.Egress))}");

    public static string SetContent(IpSetKind kind, IEnumerable<IpSetMember> members) =>
        $"{kind} {{{string.Join(", ", members.Select(m => m.ToString()).Order(StringComparer.Ordinal))}}}";

    public static string Labels(IReadOnlyDictionary<string, string> labels) =>
        "{" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";

    public static IEnumerable<IpSetDescriptor> SetsOf(IEnumerable<EffectiveRule> ingress, IEnumerable<EffectiveRule> egress) =>
        ingress.Concat(egress).SelectMany(RuleIpSets.All);
}
