using Calico.Core;

namespace Calico.Policy.Snapshot;

/// <summary>
/// A NetworkSet (namespaced) or GlobalNetworkSet: labelled CIDRs that rule selectors can match, so that
/// addresses outside the cluster can be selected like endpoints.
/// </summary>
public sealed record ModelNetworkSet
{
    /// <summary>The namespace, or null for a GlobalNetworkSet.</summary>
    public string? Namespace { get; init; }

    /// <summary>The resource name.</summary>
    public required string Name { get; init; }

    /// <summary>The set's networks.</summary>
    public IReadOnlyList<Cidr> Nets { get; init; } = [];

    /// <summary>
    /// The labels selectors see: a NetworkSet's own labels, <c>projectcalico.org/namespace</c> and the labels
    /// of its namespace's <c>kns.&lt;ns&gt;</c> profile (networksetprocessor.go); a GlobalNetworkSet's own labels.
    /// </summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <inheritdoc />
    public override string ToString() => Namespace is null ? $"globalnetworkset {Name}" : $"networkset {Namespace}/{Name}";
}
