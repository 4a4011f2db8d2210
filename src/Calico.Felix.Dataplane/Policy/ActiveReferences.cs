using Calico.Felix.Calc.Messages;
using Calico.Policy.Ids;

namespace Calico.Felix.Dataplane.Policy;

/// <summary>
/// Which policies and profiles are active, and which endpoints name them: an endpoint's chain jumps only to chains
/// that exist, so it must be re-rendered when a policy or profile it names appears or disappears (not when its
/// contents change: that is a rewrite of the policy's own chain).
/// </summary>
internal sealed class ActiveReferences<TEndpoint>
    where TEndpoint : notnull
{
    private readonly HashSet<PolicyId> _policies = [];
    private readonly HashSet<string> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<PolicyId, HashSet<TEndpoint>> _byPolicy = [];
    private readonly Dictionary<string, HashSet<TEndpoint>> _byProfile = new(StringComparer.Ordinal);

    public bool IsPolicyActive(PolicyId id) => _policies.Contains(id);

    public bool IsProfileActive(string name) => _profiles.Contains(name);

    /// <summary>Follows activations and removals; adds the endpoints whose chains must change to <paramref name="dirty"/>.</summary>
    public void OnUpdate(DataplaneMessage message, HashSet<TEndpoint> dirty)
    {
        switch (message)
        {
            case ActivePolicyUpdate update when _policies.Add(update.Id):
                MarkDirty(_byPolicy, update.Id, dirty);
                break;
            case ActivePolicyRemove remove when _policies.Remove(remove.Id):
                MarkDirty(_byPolicy, remove.Id, dirty);
                break;
            case ActiveProfileUpdate update when _profiles.Add(update.Name):
                MarkDirty(_byProfile, update.Name, dirty);
                break;
            case ActiveProfileRemove remove when _profiles.Remove(remove.Name):
                MarkDirty(_byProfile, remove.Name, dirty);
                break;
        }
    }

    public void Remember(TEndpoint endpoint, IEnumerable<TierPolicies> tiers, IEnumerable<string> profiles)
    {
        foreach (var policy in tiers.SelectMany(t => t.Ingress.Concat(t.Egress)))
        {
            Add(_byPolicy, policy, endpoint);
        }

        foreach (var profile in profiles)
        {
            Add(_byProfile, profile, endpoint);
        }
    }

    public void Forget(TEndpoint endpoint, IEnumerable<TierPolicies> tiers, IEnumerable<string> profiles)
    {
        foreach (var policy in tiers.SelectMany(t => t.Ingress.Concat(t.Egress)))
        {
            Remove(_byPolicy, policy, endpoint);
        }

        foreach (var profile in profiles)
        {
            Remove(_byProfile, profile, endpoint);
        }
    }

    private static void MarkDirty<TKey>(Dictionary<TKey, HashSet<TEndpoint>> index, TKey key, HashSet<TEndpoint> dirty)
        where TKey : notnull
    {
        if (index.TryGetValue(key, out var endpoints))
        {
            dirty.UnionWith(endpoints);
        }
    }

    private static void Add<TKey>(Dictionary<TKey, HashSet<TEndpoint>> index, TKey key, TEndpoint endpoint)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var endpoints))
        {
            index[key] = endpoints = [];
        }

        endpoints.Add(endpoint);
    }

    private static void Remove<TKey>(Dictionary<TKey, HashSet<TEndpoint>> index, TKey key, TEndpoint endpoint)
        where TKey : notnull
    {
        if (index.TryGetValue(key, out var endpoints) && endpoints.Remove(endpoint) && endpoints.Count == 0)
        {
            index.Remove(key);
        }
    }
}
