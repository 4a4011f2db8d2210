using Calico.Api;
using Calico.Api.Conversion;
using Calico.Api.Defaults;
using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Api.Values;
using Calico.Core;
using Calico.Felix.Calc.Messages;
using Calico.Policy.Effective;
using Calico.Policy.Ids;
using Calico.Policy.Resolution;
using Calico.Policy.Snapshot;

namespace Calico.Felix.Calc.Graph;

/// <summary>
/// Felix's calculation graph for one node: fed datastore resources as they change, it keeps what the node's dataplane
/// must program and, on <see cref="Flush"/>, emits what changed as <see cref="DataplaneMessage"/>s in dependency order.
/// Pure and synchronous: no I/O, no locks, no threads; call it from one loop.
/// </summary>
/// <remarks>
/// <code>
///  resources ──► CalculationGraph (dispatch by kind; conversion through Calico.Policy)
///     Tier ─────────────────────────────────────────────► tiers ─────────────────┐
///     NetworkPolicy, GlobalNetworkPolicy, KNP ──► EffectivePolicy ──┐            │
///     Profile, KubeNamespace, KubeServiceAccount ──► EffectiveProfile ┐│           │
///     WorkloadEndpoint, HostEndpoint (this node) ──────────────────┐ ││           │
///                                                                  ▼ ▼▼           ▼
///                                   ActiveRulesCalculator (label index: local endpoints × policy selectors)
///                                     │ active policies/profiles take references on their rules' IP sets
///                                     ▼                                     dirty endpoints ──► EndpointTierResolver
///     every endpoint, NetworkSet ──► IpSetCalculator (label index: all items × active IP set selectors) ──┐
///                                                                                                          ▼
///     Node, IPAMBlock, IPPool ──► BlockRouteResolver (VXLAN tunnel endpoints, which node holds each block) ──► Flush
///     IPPool, FelixConfiguration ─────────────────────────────────────────────────────────────────► Flush (sequencer):
///        settings, pools, tunnel endpoints, block routes, IP sets (whole, then deltas), policies, profiles, endpoints,
///        then removals in reverse: endpoints, profiles, policies, IP sets, block routes, tunnel endpoints, pools;
///        DatastoreInSync once
/// </code>
/// </remarks>
public sealed class CalculationGraph
{
    private readonly string _nodeName;
    private readonly IpSetCalculator _ipSets = new();
    private readonly ActiveRulesCalculator _activeRules;
    private readonly EndpointTierResolver _tierResolver;
    private readonly Dictionary<string, EffectiveTier> _tiers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Kind, string? Namespace, string Name), PolicyId> _policyKeys = [];
    private readonly HashSet<EndpointId> _programmedEndpoints = [];
    private readonly Dictionary<EndpointId, EndpointProblem[]> _endpointProblems = [];
    private readonly Dictionary<string, string> _inputProblems = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FelixConfigurationSpec> _felixConfigurations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IpPoolUpdate> _pools = new(StringComparer.Ordinal);
    private readonly PendingChanges<string, IpPoolUpdate> _poolChanges = new(StringComparer.Ordinal);
    private readonly BlockRouteResolver _blockRoutes;
    private readonly StringPool _strings = new();
    private HostSettings? _hostSettings;
    private bool _hostSettingsPending = true;
    private bool _inSync;
    private bool _inSyncSent;
    private bool _inputProblemsChanged;

    public CalculationGraph(string nodeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        _nodeName = nodeName;
        _blockRoutes = new BlockRouteResolver(nodeName);
        _activeRules = new ActiveRulesCalculator(_ipSets);
        _tierResolver = new EndpointTierResolver(_activeRules.FindPolicy, name => _tiers.GetValueOrDefault(name));
        foreach (var tier in BuiltInTiers.Create())
        {
            _tiers[tier.Name] = EffectivePolicyConverter.FromTier(tier);
        }
    }

    /// <summary>Counts for metrics: local endpoints, active policies, profiles and IP sets.</summary>
    public CalculationGraphStatistics Statistics => new(
        _activeRules.LocalEndpoints.Count, _activeRules.ActivePolicyCount, _activeRules.ActiveProfileCount, _ipSets.ActiveCount, _ipSets.ItemCount, _activeRules.PolicyCount);

    /// <summary>
    /// What cannot be rendered as written, one line each, sorted: endpoints that fail closed (a policy in a missing
    /// tier), named ports that resolve to nothing, resources that cannot be converted. Recomputed by every flush.
    /// </summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>A resource was created or changed. Kinds Felix does not use are ignored.</summary>
    public void OnResourceUpdated(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var key = InputKey(resource.GetType().Name, resource.Namespace, resource.Name);
        try
        {
            Dispatch(resource);
            _inputProblemsChanged |= _inputProblems.Remove(key);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or Selectors.SelectorParseException or PolicyModelException)
        {
            // Delete first: OnResourceDeleted forgets the resource's input problem, so recording it before would lose it.
            OnResourceDeleted(resource.GetType().Name, resource.Namespace, resource.Name);
            _inputProblems[key] = $"{key} cannot be used, treated as absent: {e.Message}";
            _inputProblemsChanged = true;
        }
    }

    /// <summary>A resource was deleted; <paramref name="kind"/> is its Calico.Api type name (<c>WorkloadEndpoint</c>, <c>KubeNamespace</c>, <c>KubeNetworkPolicy</c>…), which unlike the YAML kind is unambiguous.</summary>
    public void OnResourceDeleted(string kind, string? ns, string name)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(name);
        _inputProblemsChanged |= _inputProblems.Remove(InputKey(kind, ns, name));
        switch (kind)
        {
            case nameof(Tier):
                if (_tiers.Remove(name))
                {
                    foreach (var builtIn in BuiltInTiers.Create())
                    {
                        if (string.Equals(builtIn.Name, name, StringComparison.Ordinal))
                        {
                            _tiers[name] = EffectivePolicyConverter.FromTier(builtIn);
                        }
                    }

                    _activeRules.MarkAllEndpointsDirty();
                }

                break;
            case nameof(NetworkPolicy) or nameof(GlobalNetworkPolicy) or nameof(KubeNetworkPolicy):
                if (_policyKeys.Remove((kind, ns, name), out var policyId))
                {
                    _activeRules.DeletePolicy(policyId);
                }

                break;
            case nameof(Profile):
                _activeRules.DeleteProfile(name);
                break;
            case nameof(KubeNamespace):
                _activeRules.DeleteProfile(KubeProfileConverter.NamespaceProfileName(name));
                break;
            case nameof(KubeServiceAccount):
                // The same fallback as KubeProfileConverter.FromServiceAccount, so add and delete key the same profile.
                _activeRules.DeleteProfile(KubeProfileConverter.ServiceAccountProfileName(ns ?? "default", name));
                break;
            case nameof(WorkloadEndpoint):
                _activeRules.DeleteEndpoint(EndpointId.Workload(ns ?? string.Empty, name));
                _ipSets.DeleteItem(new LabelledItemId(LabelledItemKind.Workload, ns, name));
                break;
            case nameof(HostEndpoint):
                _activeRules.DeleteEndpoint(EndpointId.Host(name));
                _ipSets.DeleteItem(new LabelledItemId(LabelledItemKind.Host, null, name));
                break;
            case nameof(NetworkSet):
                _ipSets.DeleteItem(new LabelledItemId(LabelledItemKind.NetworkSet, ns, name));
                break;
            case nameof(GlobalNetworkSet):
                _ipSets.DeleteItem(new LabelledItemId(LabelledItemKind.GlobalNetworkSet, null, name));
                break;
            case nameof(IPPool):
                if (_pools.Remove(name))
                {
                    _poolChanges.Removed(name);
                }

                _blockRoutes.DeletePool(name);

                break;
            case nameof(Api.Resources.Node):
                _blockRoutes.DeleteNode(name);
                break;
            case nameof(IPAMBlock):
                _blockRoutes.DeleteBlock(name);
                break;
            case nameof(FelixConfiguration):
                if (_felixConfigurations.Remove(name))
                {
                    _hostSettingsPending = true;
                }

                break;
        }
    }

    /// <summary>The first complete listing of the datastore has been fed in.</summary>
    public void OnInSync() => _inSync = true;

    /// <summary>Everything that changed since the last flush, in dependency order (see the class remarks).</summary>
    public IReadOnlyList<DataplaneMessage> Flush()
    {
        var output = new List<DataplaneMessage>();
        FlushHostSettings(output);
        _poolChanges.FlushUpdates(output, static (_, pool) => pool, StringComparer.Ordinal);
        _blockRoutes.FlushUpdates(output);
        _ipSets.FlushUpdates(output);
        _activeRules.FlushUpdates(output);

        var removedEndpoints = new List<EndpointId>();
        foreach (var id in _activeRules.DirtyEndpoints.Order(EndpointIdComparer.Instance))
        {
            if (_activeRules.LocalEndpoints.TryGetValue(id, out var endpoint))
            {
                output.Add(EndpointUpdate(endpoint));
                _programmedEndpoints.Add(id);
            }
            else if (_programmedEndpoints.Remove(id))
            {
                removedEndpoints.Add(id);
                _endpointProblems.Remove(id);
            }
        }

        _activeRules.DirtyEndpoints.Clear();
        foreach (var id in removedEndpoints)
        {
            output.Add(id.Kind == EndpointKind.Host ? new HostEndpointRemove(id) : new WorkloadEndpointRemove(id));
        }

        _activeRules.FlushRemovals(output);
        _ipSets.FlushRemovals(output);
        _blockRoutes.FlushRemovals(output);
        _poolChanges.FlushRemovals(output, static name => new IpPoolRemove(name), StringComparer.Ordinal);
        if (_inSync && !_inSyncSent)
        {
            output.Add(new DatastoreInSync());
            _inSyncSent = true;
        }

        if (output.Count > 0 || _inputProblemsChanged)
        {
            Problems = CollectProblems();
            _inputProblemsChanged = false;
        }

        return output;
    }

    private void Dispatch(Resource resource)
    {
        switch (resource)
        {
            case Tier tier:
                _tiers[tier.Name] = EffectivePolicyConverter.FromTier(tier);
                _activeRules.MarkAllEndpointsDirty();
                break;
            case NetworkPolicy policy:
                UpdatePolicy(nameof(NetworkPolicy), policy, EffectivePolicyConverter.FromNetworkPolicy(policy));
                break;
            case GlobalNetworkPolicy policy:
                UpdatePolicy(nameof(GlobalNetworkPolicy), policy, EffectivePolicyConverter.FromGlobalNetworkPolicy(policy));
                break;
            case KubeNetworkPolicy policy:
                UpdatePolicy(nameof(KubeNetworkPolicy), policy, EffectivePolicyConverter.FromKubernetesNetworkPolicy(policy));
                break;
            case Profile profile:
                _activeRules.UpdateProfile(EffectivePolicyConverter.FromProfile(profile));
                break;
            case KubeNamespace ns:
                _activeRules.UpdateProfile(EffectivePolicyConverter.FromProfile(KubeProfileConverter.FromNamespace(ns)));
                break;
            case KubeServiceAccount account:
                _activeRules.UpdateProfile(EffectivePolicyConverter.FromProfile(KubeProfileConverter.FromServiceAccount(account)));
                break;
            case WorkloadEndpoint endpoint:
                UpdateWorkload(endpoint);
                break;
            case HostEndpoint endpoint:
                UpdateHost(endpoint);
                break;
            case NetworkSet set:
                UpdateNetworkSet(LabelledItemKind.NetworkSet, set.Namespace ?? throw new ArgumentException("a NetworkSet needs a namespace"), set.Name, set.Metadata.Labels, set.Spec.Nets);
                break;
            case GlobalNetworkSet set:
                UpdateNetworkSet(LabelledItemKind.GlobalNetworkSet, null, set.Name, set.Metadata.Labels, set.Spec.Nets);
                break;
            case IPPool pool:
                UpdatePool(pool);
                break;
            case Api.Resources.Node node:
                _blockRoutes.UpdateNode(node);
                break;
            case IPAMBlock block:
                _blockRoutes.UpdateBlock(block);
                break;
            case FelixConfiguration configuration:
                _felixConfigurations[configuration.Name] = configuration.Spec;
                _hostSettingsPending = true;
                break;
        }
    }

    private void UpdatePolicy(string kind, Resource resource, EffectivePolicy policy)
    {
        var key = (kind, resource.Namespace, resource.Name);
        if (_policyKeys.TryGetValue(key, out var existing) && existing != policy.Id)
        {
            _activeRules.DeletePolicy(existing);
        }

        _policyKeys[key] = policy.Id;
        _activeRules.UpdatePolicy(policy);
    }

    private void UpdateWorkload(WorkloadEndpoint endpoint)
    {
        if (string.IsNullOrEmpty(endpoint.Namespace))
        {
            throw new ArgumentException("a WorkloadEndpoint needs a namespace");
        }

        var ns = _strings.Intern(endpoint.Namespace);
        var spec = endpoint.Spec;
        var profiles = spec.Profiles is { } list ? _strings.Intern(list) : [];
        var labels = _strings.Intern(EndpointLabels.ForWorkload(endpoint.Metadata.Labels, ns, spec.Orchestrator, spec.ServiceAccountName, [], new Dictionary<string, EffectiveProfile>()));
        var networks = EndpointAddresses.ParseNets(spec.IpNetworks, "spec.ipNetworks");
        _ipSets.UpdateItem(new LabelledItemId(LabelledItemKind.Workload, ns, endpoint.Name), labels, profiles, new ItemAddresses(networks, _strings.Intern(EndpointAddresses.NamedPorts(spec.Ports))));
        var id = EndpointId.Workload(ns, endpoint.Name);
        if (string.Equals(spec.Node, _nodeName, StringComparison.Ordinal))
        {
            _activeRules.UpdateEndpoint(id, labels, profiles, spec.InterfaceName ?? string.Empty, networks);
        }
        else
        {
            _activeRules.DeleteEndpoint(id);
        }
    }

    private void UpdateHost(HostEndpoint endpoint)
    {
        var spec = endpoint.Spec;
        var profiles = spec.Profiles is { } list ? _strings.Intern(list) : [];
        IReadOnlyDictionary<string, string> labels = endpoint.Metadata.Labels is { } own ? _strings.Intern(own) : new Dictionary<string, string>(StringComparer.Ordinal);
        var networks = EndpointAddresses.ParseNets(spec.ExpectedIps, "spec.expectedIPs");
        _ipSets.UpdateItem(new LabelledItemId(LabelledItemKind.Host, null, endpoint.Name), labels, profiles, new ItemAddresses(networks, _strings.Intern(EndpointAddresses.NamedPorts(spec.Ports))));
        var id = EndpointId.Host(endpoint.Name);
        if (string.Equals(spec.Node, _nodeName, StringComparison.Ordinal))
        {
            _activeRules.UpdateEndpoint(id, labels, profiles, spec.InterfaceName ?? string.Empty, networks);
        }
        else
        {
            _activeRules.DeleteEndpoint(id);
        }
    }

    private void UpdateNetworkSet(LabelledItemKind kind, string? ns, string name, IReadOnlyDictionary<string, string>? own, List<string>? nets)
    {
        var labels = own is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(own, StringComparer.Ordinal);
        string[] parents = [];
        if (ns is not null)
        {
            labels[WellKnownLabels.Namespace] = ns;
            parents = [KubeProfileConverter.NamespaceProfileName(ns)];
        }

        _ipSets.UpdateItem(new LabelledItemId(kind, ns, name), labels, parents, new ItemAddresses(EndpointAddresses.ParseNets(nets, "spec.nets"), []));
    }

    private void UpdatePool(IPPool pool)
    {
        var spec = pool.Spec;
        if (!Cidr.TryParseLenient(spec.Cidr ?? string.Empty, out var cidr))
        {
            throw new FormatException($"spec.cidr \"{spec.Cidr}\" is not a CIDR");
        }

        var update = new IpPoolUpdate(pool.Name, cidr, spec.NatOutgoing ?? false, spec.Disabled ?? false, spec.VxlanMode ?? EncapMode.Never, spec.IpipMode ?? EncapMode.Never);
        _blockRoutes.UpdatePool(pool.Name, cidr, update.VxlanMode);
        if (!_pools.TryGetValue(pool.Name, out var existing) || existing != update)
        {
            _pools[pool.Name] = update;
            _poolChanges.Updated(pool.Name, update);
        }
    }

    private DataplaneMessage EndpointUpdate(LocalEndpoint endpoint)
    {
        var problems = new List<EndpointProblem>();
        var profiles = endpoint.Profiles.Where(_activeRules.ProfileExists).ToArray();
        DataplaneMessage message;
        if (endpoint.IsHost)
        {
            var tiers = _tierResolver.Resolve(endpoint, PolicyStage.Normal, problems);
            message = new HostEndpointUpdate(
                endpoint.Id, endpoint.InterfaceName, endpoint.Networks, tiers,
                _tierResolver.Resolve(endpoint, PolicyStage.Untracked, null),
                _tierResolver.Resolve(endpoint, PolicyStage.PreDnat, null),
                _tierResolver.Resolve(endpoint, PolicyStage.Forward, null),
                profiles, problems);
        }
        else
        {
            var tiers = _tierResolver.Resolve(endpoint, PolicyStage.Normal, problems);
            message = new WorkloadEndpointUpdate(endpoint.Id, endpoint.InterfaceName, endpoint.Networks, tiers, profiles, problems);
        }

        if (problems.Count > 0)
        {
            _endpointProblems[endpoint.Id] = [.. problems];
        }
        else
        {
            _endpointProblems.Remove(endpoint.Id);
        }

        return message;
    }

    private void FlushHostSettings(List<DataplaneMessage> output)
    {
        if (!_hostSettingsPending)
        {
            return;
        }

        _hostSettingsPending = false;
        var settings = _felixConfigurations.TryGetValue("default", out var cluster) ? HostSettings.Default.OverriddenBy(cluster) : HostSettings.Default;
        if (_felixConfigurations.TryGetValue("node." + _nodeName, out var node))
        {
            settings = settings.OverriddenBy(node);
        }

        if (!SameSettings(settings, _hostSettings))
        {
            _hostSettings = settings;
            output.Add(new HostSettingsUpdate(settings));
        }
    }

    private List<string> CollectProblems()
    {
        var problems = new List<string>(_inputProblems.Values);
        foreach (var (id, endpointProblems) in _endpointProblems)
        {
            foreach (var problem in endpointProblems)
            {
                problems.Add($"endpoint {id} fails closed for {problem.Direction.ToString().ToLowerInvariant()}: {problem.Reason}");
            }
        }

        // The sets each active policy already holds: recomputing them would re-derive every rule's selectors per flush.
        foreach (var (id, sets) in _activeRules.ActivePolicySets())
        {
            foreach (var set in sets)
            {
                if (set.Kind == IpSets.IpSetKind.NamedPorts && _ipSets.TryGetMembers(set.Id, out var members) && members.Count == 0)
                {
                    problems.Add($"policy {id}: named port \"{set.PortName}\" ({Policy.Evaluation.ProtocolNames.Of(set.Protocol)}) resolves to no endpoint port; its rules match nothing");
                }
            }
        }

        problems.Sort(StringComparer.Ordinal);
        return problems.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>By value: the record's own Equals compares the failsafe lists by reference, and they are rebuilt on every change.</summary>
    private static bool SameSettings(HostSettings settings, HostSettings? previous) =>
        previous is not null && settings.DefaultEndpointToHostAction == previous.DefaultEndpointToHostAction
        && settings.FailsafeInbound.SequenceEqual(previous.FailsafeInbound) && settings.FailsafeOutbound.SequenceEqual(previous.FailsafeOutbound);

    private static string InputKey(string kind, string? ns, string name) => ns is null ? $"{kind} {name}" : $"{kind} {ns}/{name}";
}
