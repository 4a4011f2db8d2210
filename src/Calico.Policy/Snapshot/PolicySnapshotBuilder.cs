using Calico.Api;
using Calico.Api.Conversion;
using Calico.Api.Defaults;
using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Core;
using Calico.Policy.Effective;
using Calico.Policy.Evaluation;
using Calico.Policy.Ids;
using Calico.Policy.Resolution;
using Calico.Selectors;

namespace Calico.Policy.Snapshot;

/// <summary>
/// Collects resources and builds an immutable <see cref="PolicySnapshot"/>. Accepts Tier, NetworkPolicy,
/// GlobalNetworkPolicy, Kubernetes NetworkPolicy (as <c>knp.default.&lt;name&gt;</c>), Profile, Kubernetes
/// Namespace and ServiceAccount (as profiles <c>kns.&lt;ns&gt;</c> and <c>ksa.&lt;ns&gt;.&lt;sa&gt;</c>),
/// NetworkSet, GlobalNetworkSet, WorkloadEndpoint, HostEndpoint and FelixConfiguration; other kinds are
/// ignored. A resource added twice (same kind, namespace and name) replaces the earlier one.
/// </summary>
public sealed class PolicySnapshotBuilder
{
    private readonly Dictionary<string, EffectiveTier> _tiers = new(StringComparer.Ordinal);
    private readonly Dictionary<PolicyId, EffectivePolicy> _policies = [];
    private readonly Dictionary<string, EffectiveProfile> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<EndpointId, Func<IReadOnlyDictionary<string, EffectiveProfile>, ModelEndpoint>> _endpoints = [];
    private readonly Dictionary<(string? Namespace, string Name), NetworkSetSource> _networkSets = [];
    private readonly Dictionary<string, FelixConfigurationSpec> _felixConfigurations = new(StringComparer.Ordinal);

    /// <summary>Creates a builder holding the built-in tiers (kube-admin, default, kube-baseline).</summary>
    public PolicySnapshotBuilder()
    {
        foreach (var tier in BuiltInTiers.Create())
        {
            _tiers[tier.Name] = EffectivePolicyConverter.FromTier(tier);
        }
    }

    /// <summary>Adds each of <paramref name="resources"/>.</summary>
    public PolicySnapshotBuilder AddRange(IEnumerable<Resource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        foreach (var resource in resources)
        {
            Add(resource);
        }

        return this;
    }

    /// <summary>Adds one resource (kinds the policy model does not use are ignored).</summary>
    /// <exception cref="PolicyModelException">The resource cannot be converted (e.g. a selector does not parse).</exception>
    public PolicySnapshotBuilder Add(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        try
        {
            AddCore(resource);
        }
        catch (Exception e) when (e is SelectorParseException or ArgumentException or FormatException)
        {
            throw new PolicyModelException($"{resource.GetType().Name} {Describe(resource)}: {e.Message}", e);
        }

        return this;
    }

    /// <summary>Builds the snapshot. The builder can be used again afterwards.</summary>
    public PolicySnapshot Build()
    {
        var warnings = new List<string>();
        var tiers = _tiers.Values.ToList();
        tiers.Sort(PolicyOrdering.CompareTiers);
        var tierRank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tiers.Count; i++)
        {
            tierRank[tiers[i].Name] = i;
        }

        var policies = new List<EffectivePolicy>();
        foreach (var policy in _policies.Values)
        {
            if (tierRank.ContainsKey(policy.Tier))
            {
                policies.Add(policy);
            }
            else
            {
                warnings.Add($"policy {policy.Id} is in tier \"{policy.Tier}\", which does not exist; it is ignored");
            }
        }

        policies.Sort((x, y) =>
        {
            var byTier = tierRank[x.Tier].CompareTo(tierRank[y.Tier]);
            return byTier != 0 ? byTier : PolicyOrdering.ComparePolicies(x, y);
        });

        var profiles = new Dictionary<string, EffectiveProfile>(_profiles, StringComparer.Ordinal);
        var endpoints = _endpoints.Values.Select(create => create(profiles)).ToList();
        var networkSets = _networkSets.Values.Select(source => source.Create(profiles)).ToList();

        var cluster = _felixConfigurations.TryGetValue("default", out var clusterSpec)
            ? HostSettings.Default.OverriddenBy(clusterSpec)
            : HostSettings.Default;
        var byNode = new Dictionary<string, HostSettings>(StringComparer.Ordinal);
        foreach (var (name, spec) in _felixConfigurations)
        {
            if (name.StartsWith("node.", StringComparison.Ordinal))
            {
                byNode[name["node.".Length..]] = cluster.OverriddenBy(spec);
            }
        }

        return new PolicySnapshot(tiers, policies, profiles, endpoints, networkSets, cluster, byNode, warnings);
    }

    private void AddCore(Resource resource)
    {
        switch (resource)
        {
            case Tier tier:
                _tiers[tier.Name] = EffectivePolicyConverter.FromTier(tier);
                break;
            case NetworkPolicy policy:
                AddPolicy(EffectivePolicyConverter.FromNetworkPolicy(policy));
                break;
            case GlobalNetworkPolicy policy:
                AddPolicy(EffectivePolicyConverter.FromGlobalNetworkPolicy(policy));
                break;
            case KubeNetworkPolicy policy:
                AddPolicy(EffectivePolicyConverter.FromKubernetesNetworkPolicy(policy));
                break;
            case Profile profile:
                AddProfile(EffectivePolicyConverter.FromProfile(profile));
                break;
            case KubeNamespace ns:
                AddProfile(EffectivePolicyConverter.FromProfile(KubeProfileConverter.FromNamespace(ns)));
                break;
            case KubeServiceAccount account:
                AddProfile(EffectivePolicyConverter.FromProfile(KubeProfileConverter.FromServiceAccount(account)));
                break;
            case NetworkSet set:
                AddNetworkSet(set.Namespace ?? throw new ArgumentException("a NetworkSet needs a namespace"), set.Name, set.Metadata.Labels, set.Spec.Nets);
                break;
            case GlobalNetworkSet set:
                AddNetworkSet(null, set.Name, set.Metadata.Labels, set.Spec.Nets);
                break;
            case WorkloadEndpoint endpoint:
                AddWorkload(endpoint);
                break;
            case HostEndpoint endpoint:
                AddHost(endpoint);
                break;
            case FelixConfiguration configuration:
                _felixConfigurations[configuration.Name] = configuration.Spec;
                break;
        }
    }

    private void AddPolicy(EffectivePolicy policy) => _policies[policy.Id] = policy;

    private void AddProfile(EffectiveProfile profile) => _profiles[profile.Name] = profile;

    private void AddNetworkSet(string? ns, string name, IReadOnlyDictionary<string, string>? labels, List<string>? nets) =>
        _networkSets[(ns, name)] = new NetworkSetSource(ns, name, labels, EndpointAddresses.ParseNets(nets));

    private void AddWorkload(WorkloadEndpoint endpoint)
    {
        var ns = endpoint.Namespace;
        if (string.IsNullOrEmpty(ns))
        {
            throw new ArgumentException("a WorkloadEndpoint needs a namespace");
        }

        var spec = endpoint.Spec;
        var id = EndpointId.Workload(ns, endpoint.Name);
        var own = endpoint.Metadata.Labels;
        var profileNames = spec.Profiles is { } list ? list.ToArray() : [];
        var networks = EndpointAddresses.ParseNets(spec.IpNetworks);
        var ports = EndpointAddresses.NamedPorts(spec.Ports);
        var displayName = string.IsNullOrEmpty(spec.Pod) ? $"{ns}/{endpoint.Name}" : $"{ns}/{spec.Pod}";
        _endpoints[id] = profiles => new ModelEndpoint
        {
            Id = id,
            DisplayName = displayName,
            Node = spec.Node,
            InterfaceName = spec.InterfaceName,
            Networks = networks,
            Profiles = profileNames,
            Labels = EndpointLabels.ForWorkload(own, ns, spec.Orchestrator, spec.ServiceAccountName, profileNames, profiles),
            Ports = ports,
        };
    }

    private void AddHost(HostEndpoint endpoint)
    {
        var spec = endpoint.Spec;
        var id = EndpointId.Host(endpoint.Name);
        var own = endpoint.Metadata.Labels;
        var profileNames = spec.Profiles is { } list ? list.ToArray() : [];
        var networks = EndpointAddresses.ParseNets(spec.ExpectedIps);
        var ports = EndpointAddresses.NamedPorts(spec.Ports);
        _endpoints[id] = profiles => new ModelEndpoint
        {
            Id = id,
            DisplayName = id.ToString(),
            Node = spec.Node,
            InterfaceName = spec.InterfaceName,
            Networks = networks,
            Profiles = profileNames,
            Labels = EndpointLabels.WithProfiles(own, profileNames, profiles),
            Ports = ports,
        };
    }

    private static string Describe(Resource resource) =>
        resource.Namespace is { Length: > 0 } ns ? $"{ns}/{resource.Name}" : resource.Name;
}
