using Calico.Policy.Effective;
using Calico.Policy.Ids;

namespace Calico.Policy.Snapshot;

/// <summary>
/// An immutable snapshot of everything Calico's network policy depends on: tiers (the built-in ones
/// plus stored ones), effective policies and profiles, endpoints with their effective labels, network
/// sets and the FelixConfiguration host settings. Build one with <see cref="PolicySnapshotBuilder"/>.
/// </summary>
public sealed class PolicySnapshot
{
    private readonly Dictionary<EndpointId, ModelEndpoint> _endpointsById;
    private readonly Dictionary<PolicyId, EffectivePolicy> _policiesById;
    private readonly Dictionary<string, EffectiveTier> _tiersByName;
    private readonly Dictionary<string, HostSettings> _hostSettingsByNode;

    internal PolicySnapshot(
        IReadOnlyList<EffectiveTier> tiers,
        IReadOnlyList<EffectivePolicy> policies,
        IReadOnlyDictionary<string, EffectiveProfile> profiles,
        IReadOnlyList<ModelEndpoint> endpoints,
        IReadOnlyList<ModelNetworkSet> networkSets,
        HostSettings hostSettings,
        Dictionary<string, HostSettings> hostSettingsByNode,
        IReadOnlyList<string> warnings)
    {
        Tiers = tiers;
        Policies = policies;
        Profiles = profiles;
        Endpoints = endpoints;
        NetworkSets = networkSets;
        HostSettings = hostSettings;
        Warnings = warnings;
        _hostSettingsByNode = hostSettingsByNode;
        _tiersByName = tiers.ToDictionary(t => t.Name, StringComparer.Ordinal);
        _policiesById = policies.ToDictionary(p => p.Id);
        _endpointsById = endpoints.ToDictionary(e => e.Id);
    }

    /// <summary>The tiers, in evaluation order.</summary>
    public IReadOnlyList<EffectiveTier> Tiers { get; }

    /// <summary>The policies whose tier exists, in evaluation order (by tier, then within the tier).</summary>
    public IReadOnlyList<EffectivePolicy> Policies { get; }

    /// <summary>Profiles by name: stored ones and those derived from Namespaces and ServiceAccounts.</summary>
    public IReadOnlyDictionary<string, EffectiveProfile> Profiles { get; }

    /// <summary>Workload and host endpoints, in the order they were added.</summary>
    public IReadOnlyList<ModelEndpoint> Endpoints { get; }

    /// <summary>NetworkSets and GlobalNetworkSets.</summary>
    public IReadOnlyList<ModelNetworkSet> NetworkSets { get; }

    /// <summary>The cluster-wide host settings (FelixConfiguration <c>default</c> over Felix's defaults).</summary>
    public HostSettings HostSettings { get; }

    /// <summary>Things the builder ignored, e.g. a policy in a tier that does not exist.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The host settings on <paramref name="node"/> (FelixConfiguration <c>node.&lt;node&gt;</c> over the cluster-wide ones).</summary>
    public HostSettings HostSettingsFor(string? node) =>
        node is not null && _hostSettingsByNode.TryGetValue(node, out var settings) ? settings : HostSettings;

    /// <summary>The endpoint with this id, or null.</summary>
    public ModelEndpoint? FindEndpoint(EndpointId id) => _endpointsById.GetValueOrDefault(id);

    /// <summary>The endpoint with this id.</summary>
    /// <exception cref="KeyNotFoundException">There is none.</exception>
    public ModelEndpoint Endpoint(EndpointId id) =>
        FindEndpoint(id) ?? throw new KeyNotFoundException($"no endpoint {id} in the policy model");

    /// <summary>
    /// The workload endpoint in <paramref name="ns"/> whose resource name or pod name is <paramref name="name"/>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">There is none.</exception>
    public ModelEndpoint Workload(string ns, string name)
    {
        if (_endpointsById.TryGetValue(EndpointId.Workload(ns, name), out var byName))
        {
            return byName;
        }

        foreach (var endpoint in Endpoints)
        {
            if (endpoint.Id.Kind == EndpointKind.Workload
                && string.Equals(endpoint.Id.Namespace, ns, StringComparison.Ordinal)
                && string.Equals(endpoint.DisplayName, $"{ns}/{name}", StringComparison.Ordinal))
            {
                return endpoint;
            }
        }

        throw new KeyNotFoundException($"no workload endpoint {ns}/{name} in the policy model");
    }

    /// <summary>The host endpoint named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is none.</exception>
    public ModelEndpoint Host(string name) => Endpoint(EndpointId.Host(name));

    /// <summary>The policy with this id, or null (also null when its tier does not exist).</summary>
    public EffectivePolicy? FindPolicy(PolicyId id) => _policiesById.GetValueOrDefault(id);

    /// <summary>The tier with this name, or null.</summary>
    public EffectiveTier? FindTier(string name) => _tiersByName.GetValueOrDefault(name);
}
