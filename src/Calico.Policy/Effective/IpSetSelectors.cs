using Calico.Selectors;

namespace Calico.Policy.Effective;

/// <summary>
/// The selectors Felix renders as IP sets for one side of a rule (felix/calc/rule_scanner.go
/// <c>combineMatchesIfPossible</c>): with a positive selector the notSelector is folded into it,
/// <c>(positive) &amp;&amp; (!(negative))</c>, and nothing is excluded; with only a notSelector, that is
/// rendered as an exclusion.
/// </summary>
/// <param name="Match">The address must be in this selector's IP set, or null for no such constraint.</param>
/// <param name="Exclude">The address must not be in this selector's IP set, or null.</param>
public sealed record IpSetSelectors(Selector? Match, Selector? Exclude);
