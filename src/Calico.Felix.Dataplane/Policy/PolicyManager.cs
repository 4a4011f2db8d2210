using Calico.Api.Values;
using Calico.Felix.Calc.IpSets;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Rules;
using Calico.Nftables;
using Calico.Policy.Effective;
using Calico.Policy.Ids;

namespace Calico.Felix.Dataplane.Policy;

/// <summary>
/// Renders active policies and profiles into their chains (felix/dataplane/linux/policy_mgr.go): both directions of
/// each (<c>cali-pi-</c>/<c>cali-po-</c>, <c>cali-pri-</c>/<c>cali-pro-</c>), rewritten when the policy or profile
/// changes and removed when it stops being active. It also follows which IP sets are active: a rule naming a set that
/// is not (which the graph's ordering rules out) is rendered as if the set were empty, and re-rendered when the set
/// arrives, so a missing set can never make the whole transaction fail.
/// </summary>
internal sealed class PolicyManager(ITable table, FilterRulesOptions options) : IManager
{
    private readonly PolicyChainRenderer _renderer = new(new RuleRenderer(options));
    private readonly Dictionary<PolicyId, EffectivePolicy> _policies = [];
    private readonly Dictionary<string, EffectiveProfile> _profiles = new(StringComparer.Ordinal);
    private readonly HashSet<IpSetId> _activeSets = [];
    private readonly HashSet<PolicyId> _dirtyPolicies = [];
    private readonly HashSet<string> _dirtyProfiles = new(StringComparer.Ordinal);
    private readonly HashSet<PolicyId> _programmedPolicies = [];
    private readonly HashSet<string> _programmedProfiles = new(StringComparer.Ordinal);
    private readonly Dictionary<IpSetId, HashSet<PolicyId>> _policiesWaiting = [];
    private readonly Dictionary<IpSetId, HashSet<string>> _profilesWaiting = [];

    public void OnUpdate(DataplaneMessage message)
    {
        switch (message)
        {
            case ActivePolicyUpdate update:
                _policies[update.Id] = update.Policy;
                _dirtyPolicies.Add(update.Id);
                break;
            case ActivePolicyRemove remove:
                _policies.Remove(remove.Id);
                _dirtyPolicies.Add(remove.Id);
                break;
            case ActiveProfileUpdate update:
                _profiles[update.Name] = update.Profile;
                _dirtyProfiles.Add(update.Name);
                break;
            case ActiveProfileRemove remove:
                _profiles.Remove(remove.Name);
                _dirtyProfiles.Add(remove.Name);
                break;
            case IpSetUpdate update when _activeSets.Add(update.Id):
                if (_policiesWaiting.Remove(update.Id, out var policies))
                {
                    _dirtyPolicies.UnionWith(policies);
                }

                if (_profilesWaiting.Remove(update.Id, out var profiles))
                {
                    _dirtyProfiles.UnionWith(profiles);
                }

                break;
            case IpSetRemove remove:
                _activeSets.Remove(remove.Id);
                break;
        }
    }

    public ValueTask CompleteDeferredWorkAsync(CancellationToken cancellationToken)
    {
        var missing = new HashSet<IpSetId>();
        foreach (var id in _dirtyPolicies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_policies.TryGetValue(id, out var policy))
            {
                missing.Clear();
                table.UpdateChain(_renderer.RenderPolicy(id, policy, PolicyType.Ingress, _activeSets.Contains, missing));
                table.UpdateChain(_renderer.RenderPolicy(id, policy, PolicyType.Egress, _activeSets.Contains, missing));
                _programmedPolicies.Add(id);
                Wait(_policiesWaiting, missing, id);
            }
            else if (_programmedPolicies.Remove(id))
            {
                table.RemoveChain(FelixNames.PolicyChain(id, PolicyType.Ingress));
                table.RemoveChain(FelixNames.PolicyChain(id, PolicyType.Egress));
            }
        }

        foreach (var name in _dirtyProfiles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_profiles.TryGetValue(name, out var profile))
            {
                missing.Clear();
                table.UpdateChain(_renderer.RenderProfile(name, profile, PolicyType.Ingress, _activeSets.Contains, missing));
                table.UpdateChain(_renderer.RenderProfile(name, profile, PolicyType.Egress, _activeSets.Contains, missing));
                _programmedProfiles.Add(name);
                Wait(_profilesWaiting, missing, name);
            }
            else if (_programmedProfiles.Remove(name))
            {
                table.RemoveChain(FelixNames.ProfileChain(name, PolicyType.Ingress));
                table.RemoveChain(FelixNames.ProfileChain(name, PolicyType.Egress));
            }
        }

        _dirtyPolicies.Clear();
        _dirtyProfiles.Clear();
        return ValueTask.CompletedTask;
    }

    private static void Wait<T>(Dictionary<IpSetId, HashSet<T>> waiting, HashSet<IpSetId> missing, T owner)
    {
        foreach (var set in missing)
        {
            if (!waiting.TryGetValue(set, out var owners))
            {
                waiting[set] = owners = [];
            }

            owners.Add(owner);
        }
    }
}
