using Calico.Felix.Calc.Messages;
using Calico.Policy.Effective;
using Calico.Policy.Ids;
using Calico.Selectors.Indexing;

namespace Calico.Felix.Calc.Graph;

/// <summary>
/// Which policies and profiles are active on this node (Felix's ActiveRulesCalculator): a policy is active while its
/// selector matches at least one local endpoint, a profile while a local endpoint names it and it exists. Activation
/// takes a reference on every IP set the rules use (<see cref="IpSetCalculator"/>), deactivation releases them.
/// Local endpoints are items of a label index whose selectors are every policy's selector; each match start or stop
/// marks the endpoint dirty so its ordered tiers are recomputed at the next flush.
/// </summary>
internal sealed class ActiveRulesCalculator : ILabelIndexSink<PolicyId, EndpointId>
{
    private readonly IpSetCalculator _ipSets;
    private readonly LabelIndex<EndpointId, PolicyId> _index;
    private readonly Dictionary<PolicyId, ActiveRuleState<EffectivePolicy>> _policies = [];
    private readonly Dictionary<string, ActiveRuleState<EffectiveProfile>> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<EndpointId, LocalEndpoint> _endpoints = [];
    private readonly PendingChanges<PolicyId, EffectivePolicy> _policyChanges = new();
    private readonly PendingChanges<string, EffectiveProfile> _profileChanges = new(StringComparer.Ordinal);
    private readonly HashSet<EndpointId> _dirtyEndpoints = [];

    public ActiveRulesCalculator(IpSetCalculator ipSets)
    {
        _ipSets = ipSets;
        _index = new LabelIndex<EndpointId, PolicyId>(this);
    }

    public IReadOnlyDictionary<EndpointId, LocalEndpoint> LocalEndpoints => _endpoints;

    /// <summary>Local endpoints whose tiers, profiles or data changed since the last flush (present or removed).</summary>
    public HashSet<EndpointId> DirtyEndpoints => _dirtyEndpoints;

    public int ActivePolicyCount => _policyChanges.ProgrammedCount;

    public int ActiveProfileCount => _profileChanges.ProgrammedCount;

    public int PolicyCount => _policies.Count;

    public EffectivePolicy? FindPolicy(PolicyId id) => _policies.TryGetValue(id, out var state) ? state.Value : null;

    public bool ProfileExists(string name) => _profiles.TryGetValue(name, out var state) && state.Value is not null;

    /// <summary>Active policies and the IP sets held for their rules, for problem reporting.</summary>
    public IEnumerable<(PolicyId Id, Calico.Felix.Calc.IpSets.IpSetDescriptor[] Sets)> ActivePolicySets()
    {
        foreach (var (id, state) in _policies)
        {
            if (state.HeldSets is { } sets && state.Value is not null)
            {
                yield return (id, sets);
            }
        }
    }

    public void UpdatePolicy(EffectivePolicy policy)
    {
        if (!_policies.TryGetValue(policy.Id, out var state))
        {
            state = new ActiveRuleState<EffectivePolicy>();
            _policies.Add(policy.Id, state);
        }

        var previous = state.Value;
        state.Value = policy;
        _index.UpdateSelector(policy.Id, policy.Selector);
        Reconcile(policy.Id, state, _policyChanges, valueChanged: !policy.Equals(previous));
        if (previous is not null && !SameOrdering(previous, policy))
        {
            foreach (var endpoint in _index.ItemsMatching(policy.Id))
            {
                _dirtyEndpoints.Add(endpoint);
            }
        }
    }

    public void DeletePolicy(PolicyId id)
    {
        if (!_policies.TryGetValue(id, out var state))
        {
            return;
        }

        _index.DeleteSelector(id);
        state.Value = null;
        Reconcile(id, state, _policyChanges, valueChanged: true);
        _policies.Remove(id);
    }

    public void UpdateProfile(EffectiveProfile profile)
    {
        var state = ProfileState(profile.Name);
        var existed = state.Value is not null;
        var previous = state.Value;
        state.Value = profile;
        _index.UpdateParentLabels(profile.Name, profile.LabelsToApply);
        _ipSets.UpdateParentLabels(profile.Name, profile.LabelsToApply);
        Reconcile(profile.Name, state, _profileChanges, valueChanged: !ReferenceEquals(previous, profile));
        if (!existed)
        {
            MarkEndpointsNaming(profile.Name);
        }
    }

    public void DeleteProfile(string name)
    {
        if (!_profiles.TryGetValue(name, out var state) || state.Value is null)
        {
            return;
        }

        _index.DeleteParentLabels(name);
        _ipSets.DeleteParentLabels(name);
        state.Value = null;
        Reconcile(name, state, _profileChanges, valueChanged: true);
        MarkEndpointsNaming(name);
        if (state.LocalReferences == 0)
        {
            _profiles.Remove(name);
        }
    }

    /// <summary>Adds or changes a local endpoint: its labels select policies, its profiles become active.</summary>
    public void UpdateEndpoint(EndpointId id, IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> profiles, string interfaceName, IReadOnlyList<Core.Cidr> networks)
    {
        if (!_endpoints.TryGetValue(id, out var endpoint))
        {
            endpoint = new LocalEndpoint(id);
            _endpoints.Add(id, endpoint);
        }

        var oldProfiles = endpoint.Profiles;
        endpoint.Profiles = profiles;
        endpoint.InterfaceName = interfaceName;
        endpoint.Networks = networks;
        _dirtyEndpoints.Add(id);

        // Take the new profile references before releasing the old ones, so a profile kept is never deactivated.
        foreach (var name in profiles)
        {
            var state = ProfileState(name);
            state.LocalReferences++;
            Reconcile(name, state, _profileChanges, valueChanged: false);
        }

        ReleaseProfiles(oldProfiles);
        _index.UpdateItem(id, labels, profiles);
    }

    public void DeleteEndpoint(EndpointId id)
    {
        if (!_endpoints.Remove(id, out var endpoint))
        {
            return;
        }

        _dirtyEndpoints.Add(id);
        _index.DeleteItem(id);
        ReleaseProfiles(endpoint.Profiles);
    }

    /// <summary>Marks every local endpoint dirty (a tier changed: order or default action).</summary>
    public void MarkAllEndpointsDirty()
    {
        foreach (var id in _endpoints.Keys)
        {
            _dirtyEndpoints.Add(id);
        }
    }

    public void FlushUpdates(List<DataplaneMessage> output)
    {
        _policyChanges.FlushUpdates(output, static (id, policy) => new ActivePolicyUpdate(id, policy), PolicyIdComparer.Instance);
        _profileChanges.FlushUpdates(output, static (name, profile) => new ActiveProfileUpdate(name, profile), StringComparer.Ordinal);
    }

    public void FlushRemovals(List<DataplaneMessage> output)
    {
        _profileChanges.FlushRemovals(output, static name => new ActiveProfileRemove(name), StringComparer.Ordinal);
        _policyChanges.FlushRemovals(output, static id => new ActivePolicyRemove(id), PolicyIdComparer.Instance);
    }

    void ILabelIndexSink<PolicyId, EndpointId>.OnMatchStarted(PolicyId selectorId, EndpointId itemId)
    {
        var state = _policies[selectorId];
        _endpoints[itemId].Policies.Add(selectorId);
        _dirtyEndpoints.Add(itemId);
        state.LocalReferences++;
        Reconcile(selectorId, state, _policyChanges, valueChanged: false);
    }

    void ILabelIndexSink<PolicyId, EndpointId>.OnMatchStopped(PolicyId selectorId, EndpointId itemId)
    {
        if (_endpoints.TryGetValue(itemId, out var endpoint))
        {
            endpoint.Policies.Remove(selectorId);
        }

        _dirtyEndpoints.Add(itemId);
        var state = _policies[selectorId];
        state.LocalReferences--;
        Reconcile(selectorId, state, _policyChanges, valueChanged: false);
    }

    private void ReleaseProfiles(IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            var state = _profiles[name];
            state.LocalReferences--;
            Reconcile(name, state, _profileChanges, valueChanged: false);
            if (state.LocalReferences == 0 && state.Value is null)
            {
                _profiles.Remove(name);
            }
        }
    }

    private ActiveRuleState<EffectiveProfile> ProfileState(string name)
    {
        if (!_profiles.TryGetValue(name, out var state))
        {
            state = new ActiveRuleState<EffectiveProfile>();
            _profiles.Add(name, state);
        }

        return state;
    }

    private void MarkEndpointsNaming(string profile)
    {
        foreach (var endpoint in _endpoints.Values)
        {
            foreach (var name in endpoint.Profiles)
            {
                if (string.Equals(name, profile, StringComparison.Ordinal))
                {
                    _dirtyEndpoints.Add(endpoint.Id);
                    break;
                }
            }
        }
    }

    /// <summary>Brings one policy's or profile's activation, IP set references and pending output in line with its state.</summary>
    private void Reconcile<TKey, TValue>(TKey key, ActiveRuleState<TValue> state, PendingChanges<TKey, TValue> changes, bool valueChanged)
        where TKey : notnull
        where TValue : class
    {
        if (state.ShouldBeActive)
        {
            if (state.HeldSets is not null && !valueChanged)
            {
                return;
            }

            var sets = SetsOf(state.Value!);
            foreach (var set in sets)
            {
                _ipSets.AddReference(set);
            }

            if (state.HeldSets is not null)
            {
                Release(state.HeldSets);
            }

            state.HeldSets = sets;
            changes.Updated(key, state.Value!);
        }
        else if (state.HeldSets is not null)
        {
            Release(state.HeldSets);
            state.HeldSets = null;
            changes.Removed(key);
        }
    }

    private void Release(Calico.Felix.Calc.IpSets.IpSetDescriptor[] sets)
    {
        foreach (var set in sets)
        {
            _ipSets.RemoveReference(set.Id);
        }
    }

    private static Calico.Felix.Calc.IpSets.IpSetDescriptor[] SetsOf(object value) => value switch
    {
        EffectivePolicy policy => RuleSetReferences.Of(policy.Ingress, policy.Egress),
        EffectiveProfile profile => RuleSetReferences.Of(profile.Ingress, profile.Egress),
        _ => throw new ArgumentException($"unexpected rule holder {value.GetType().Name}", nameof(value)),
    };

    private static bool SameOrdering(EffectivePolicy x, EffectivePolicy y) =>
        string.Equals(x.Tier, y.Tier, StringComparison.Ordinal) && x.Order == y.Order && x.Types.SequenceEqual(y.Types)
        && x.DoNotTrack == y.DoNotTrack && x.PreDnat == y.PreDnat && x.ApplyOnForward == y.ApplyOnForward;
}
