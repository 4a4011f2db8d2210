using Calico.Api.Values;
using Calico.Core;
using Calico.Selectors;

namespace Calico.Policy.Effective;

/// <summary>
/// The source or destination half of a rule after Calico's conversion (libcalico-go
/// updateprocessors/rules.go): the selector, namespaceSelector, service accounts and the policy's own
/// namespace are folded into one <see cref="Selector"/> over endpoint labels; nets are parsed.
/// </summary>
public sealed record EffectiveEntityRule
{
    /// <summary>An entity rule with no constraint.</summary>
    public static EffectiveEntityRule Any { get; } = new();

    /// <summary>The peer's address must be in one of these (empty: no constraint).</summary>
    public IReadOnlyList<Cidr> Nets { get; init; } = [];

    /// <summary>The peer's address must be in none of these.</summary>
    public IReadOnlyList<Cidr> NotNets { get; init; } = [];

    /// <summary>
    /// The combined positive selector (rules.go <c>GetEntityRuleSelector</c>), or null when the rule has
    /// no selector constraint. The peer matches when its address belongs to an endpoint or network set
    /// whose labels match (Felix renders it as an IP set).
    /// </summary>
    public Selector? Selector { get; init; }

    /// <summary>The notSelector as written (Calico does not scope it to the namespace), or null.</summary>
    public Selector? NotSelector { get; init; }

    /// <summary>Ports (numbers, ranges, named ports) of which the peer's port must be one (empty: any).</summary>
    public IReadOnlyList<Port> Ports { get; init; } = [];

    /// <summary>Ports the peer's port must not be.</summary>
    public IReadOnlyList<Port> NotPorts { get; init; } = [];

    /// <summary>A Kubernetes Service match; this model has no Services, so such a rule never matches.</summary>
    public ServiceMatch? Services { get; init; }

    /// <summary>True when nothing constrains the peer.</summary>
    public bool IsAny =>
        Nets.Count == 0 && NotNets.Count == 0 && Selector is null && NotSelector is null
        && Ports.Count == 0 && NotPorts.Count == 0 && Services is null;

    /// <summary>The selectors Felix renders as IP sets for this side of the rule (see <see cref="Effective.IpSetSelectors"/>).</summary>
    public IpSetSelectors IpSetSelectors()
    {
        if (Selector is null)
        {
            return new IpSetSelectors(null, NotSelector);
        }

        return NotSelector is null
            ? new IpSetSelectors(Selector, null)
            : new IpSetSelectors(Selectors.Selector.Parse($"({Selector.Canonical}) && (!({NotSelector.Canonical}))"), null);
    }

    /// <summary>A short description of the constraints, for traces.</summary>
    public override string ToString()
    {
        if (IsAny)
        {
            return "any";
        }

        var parts = new List<string>();
        if (Selector is not null)
        {
            parts.Add($"selector {Selector.Canonical}");
        }

        if (NotSelector is not null)
        {
            parts.Add($"notSelector {NotSelector.Canonical}");
        }

        if (Nets.Count > 0)
        {
            parts.Add($"nets {string.Join(",", Nets)}");
        }

        if (NotNets.Count > 0)
        {
            parts.Add($"notNets {string.Join(",", NotNets)}");
        }

        if (Ports.Count > 0)
        {
            parts.Add($"ports {string.Join(",", Ports)}");
        }

        if (NotPorts.Count > 0)
        {
            parts.Add($"notPorts {string.Join(",", NotPorts)}");
        }

        if (Services is not null)
        {
            parts.Add($"service {Services.Namespace}/{Services.Name}");
        }

        return string.Join(" ", parts);
    }
}
