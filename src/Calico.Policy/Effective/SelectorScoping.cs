using Calico.Api;
using Calico.Api.Values;
using Calico.Selectors;

namespace Calico.Policy.Effective;

/// <summary>
/// Builds the selector text Calico's update processors give Felix, byte for byte, so that selectors
/// (and the IP set names Felix derives from their unique IDs) agree with Calico's:
/// <list type="bullet">
/// <item>a namespaced policy's selector is <c>(selector) &amp;&amp; projectcalico.org/namespace == 'ns'</c>
/// (networkpolicyprocessor.go), then its serviceAccountSelector is appended with labels prefixed <c>pcsa.</c>;</item>
/// <item>a global policy's namespaceSelector (prefixed <c>pcns.</c>) and serviceAccountSelector (prefixed
/// <c>pcsa.</c>) are appended to its selector, and <c>all()</c> in the result is replaced by
/// <c>has(projectcalico.org/namespace)</c> / <c>has(projectcalico.org/serviceaccount)</c>
/// (globalnetworkpolicyprocessor.go);</item>
/// <item>a rule's source or destination becomes one selector (rules.go <c>getEndpointSelector</c>).</item>
/// </list>
/// An empty string means "no selector" (for policies: all endpoints; for rules: no constraint).
/// </summary>
public static class SelectorScoping
{
    /// <summary>What <c>all()</c> in a namespaceSelector becomes: every namespaced endpoint.</summary>
    public const string AnyNamespace = "has(" + WellKnownLabels.Namespace + ")";

    /// <summary>What <c>global()</c> in a namespaceSelector becomes: only non-namespaced objects.</summary>
    public const string NoNamespace = "!has(" + WellKnownLabels.Namespace + ")";

    /// <summary>What <c>all()</c> becomes after a GlobalNetworkPolicy serviceAccountSelector is appended.</summary>
    public const string AnyServiceAccount = "has(" + WellKnownLabels.ServiceAccount + ")";

    /// <summary>The selector of a NetworkPolicy (or converted Kubernetes NetworkPolicy) in <paramref name="ns"/>.</summary>
    public static string ForNamespacedPolicy(string? selector, string ns, string? serviceAccountSelector)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        Validate(selector, serviceAccountSelector);
        var namespaceTerm = NamespaceEquals(ns);
        var result = IsEmpty(selector) ? namespaceTerm : $"({selector}) && {namespaceTerm}";
        return PrefixAndAppend(result, serviceAccountSelector, WellKnownLabels.ServiceAccountLabelPrefix);
    }

    /// <summary>The selector of a GlobalNetworkPolicy.</summary>
    public static string ForGlobalPolicy(string? selector, string? namespaceSelector, string? serviceAccountSelector)
    {
        Validate(selector, namespaceSelector, serviceAccountSelector);
        var result = selector ?? string.Empty;
        if (!IsEmpty(namespaceSelector))
        {
            result = PrefixAndAppend(result, namespaceSelector, WellKnownLabels.NamespaceLabelPrefix);
            result = result.Replace("all()", AnyNamespace, StringComparison.Ordinal);
        }

        if (!IsEmpty(serviceAccountSelector))
        {
            result = PrefixAndAppend(result, serviceAccountSelector, WellKnownLabels.ServiceAccountLabelPrefix);
            result = result.Replace("all()", AnyServiceAccount, StringComparison.Ordinal);
        }

        return result;
    }

    /// <summary>
    /// The one selector for the endpoints a rule's source or destination matches, combining its selector,
    /// namespaceSelector and serviceAccounts, limited to <paramref name="ns"/> (the policy's namespace; null
    /// for global policies and profiles) as soon as any selector field is used, unless a namespaceSelector
    /// says otherwise. Empty when the entity rule has no selector constraint.
    /// </summary>
    public static string ForEntityRule(EntityRule? rule, string? ns)
    {
        if (rule is null)
        {
            return string.Empty;
        }

        Validate(rule.Selector, rule.NamespaceSelector, rule.NotSelector);
        var serviceAccounts = rule.ServiceAccounts is { } accounts ? ForServiceAccounts(accounts) : string.Empty;

        string namespaceSelector;
        if (!IsEmpty(rule.NamespaceSelector))
        {
            namespaceSelector = AttachPrefix(rule.NamespaceSelector!, WellKnownLabels.NamespaceLabelPrefix)
                .Replace("all()", AnyNamespace, StringComparison.Ordinal)
                .Replace("global()", NoNamespace, StringComparison.Ordinal);
        }
        else if (!IsEmpty(ns))
        {
            namespaceSelector = NamespaceEquals(ns!);
        }
        else
        {
            namespaceSelector = string.Empty;
        }

        var parts = new List<string>(2);
        if (serviceAccounts.Length > 0)
        {
            parts.Add(serviceAccounts);
        }

        if (!IsEmpty(rule.Selector))
        {
            parts.Add(rule.Selector!);
        }

        var selector = parts.Count switch
        {
            0 => string.Empty,
            1 => parts[0],
            _ => "(" + string.Join(") && (", parts) + ")",
        };

        if (namespaceSelector.Length > 0 && (selector.Length > 0 || !IsEmpty(rule.NotSelector) || !IsEmpty(rule.NamespaceSelector)))
        {
            selector = selector.Length > 0 ? $"({namespaceSelector}) && ({selector})" : namespaceSelector;
        }

        return selector;
    }

    /// <summary>
    /// A serviceAccounts match as a selector: the selector with labels prefixed <c>pcsa.</c>, ANDed with
    /// <c>projectcalico.org/serviceaccount in {names}</c> when names are given (rules.go <c>parseServiceAccounts</c>).
    /// </summary>
    public static string ForServiceAccounts(ServiceAccountMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var prefixed = IsEmpty(match.Selector) ? string.Empty : AttachPrefix(match.Selector!, WellKnownLabels.ServiceAccountLabelPrefix);
        if (match.Names is not { Count: > 0 } names)
        {
            return prefixed;
        }

        var byName = Selector.Parse($"{WellKnownLabels.ServiceAccount} in {{ '{string.Join("', '", names)}' }}").Canonical;
        return prefixed.Length > 0 ? $"({prefixed}) && ({byName})" : byName;
    }

    /// <summary>Parses <paramref name="selector"/>, prefixes every label name and returns the canonical text.</summary>
    public static string AttachPrefix(string selector, string prefix) =>
        Selector.Parse(selector).WithLabelPrefix(prefix).Canonical;

    private static string PrefixAndAppend(string current, string? addition, string prefix)
    {
        if (IsEmpty(addition))
        {
            return current;
        }

        var prefixed = AttachPrefix(addition!, prefix);
        return current.Length > 0 ? $"({current}) && {prefixed}" : prefixed;
    }

    /// <summary>Parses each user-written selector on its own, so an error names the text the user wrote.</summary>
    private static void Validate(params string?[] selectors)
    {
        foreach (var selector in selectors)
        {
            if (!IsEmpty(selector))
            {
                _ = Selector.Parse(selector!);
            }
        }
    }

    private static string NamespaceEquals(string ns) => $"{WellKnownLabels.Namespace} == '{ns}'";

    private static bool IsEmpty(string? text) => string.IsNullOrEmpty(text);
}
