using Calico.Core;
using Calico.Felix.Calc.IpSets;
using Calico.Felix.Calc.Messages;
using Calico.Policy.Effective;
using Calico.Policy.Ids;
using Calico.Policy.Snapshot;

namespace Calico.Felix.Calc.Tests.Support;

/// <summary>
/// A mock dataplane (Felix's mock.MockDataplane): applies the calc graph's messages one by one, checking the
/// dependency contract as it goes, and exposes what it holds.
/// <list type="bullet">
/// <item>an IP set delta or removal names a known set; a delta adds members not present and removes members present;</item>
/// <item>a policy or profile arrives only after every IP set its rules use (<see cref="RuleIpSets"/>);</item>
/// <item>an endpoint arrives only after every policy in its tiers and every profile it lists;</item>
/// <item>a set, policy or profile is removed only when it is present and nothing present refers to it.</item>
/// </list>
/// A broken rule throws <see cref="DataplaneContractException"/> naming the message.
/// </summary>
internal sealed class DataplaneState
{
    private readonly Dictionary<IpSetId, (IpSetKind Kind, HashSet<IpSetMember> Members)> _ipSets = [];
    private readonly Dictionary<PolicyId, EffectivePolicy> _policies = [];
    private readonly Dictionary<string, EffectiveProfile> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<EndpointId, WorkloadEndpointUpdate> _workloads = [];
    private readonly Dictionary<EndpointId, HostEndpointUpdate> _hosts = [];
    private readonly Dictionary<string, IpPoolUpdate> _pools = new(StringComparer.Ordinal);

    public HostSettings? HostSettings { get; private set; }

    public int InSyncCount { get; private set; }

    public int MessageCount { get; private set; }

    public IReadOnlyDictionary<string, IpPoolUpdate> Pools => _pools;

    /// <summary>Tunnel endpoints by node.</summary>
    public Dictionary<string, VtepUpdate> Vteps { get; } = new(StringComparer.Ordinal);

    /// <summary>Block routes by block.</summary>
    public Dictionary<Cidr, BlockRouteUpdate> BlockRoutes { get; } = [];

    public IReadOnlyDictionary<PolicyId, EffectivePolicy> Policies => _policies;

    public IReadOnlyDictionary<string, EffectiveProfile> Profiles => _profiles;

    public IReadOnlyDictionary<EndpointId, WorkloadEndpointUpdate> Workloads => _workloads;

    public IReadOnlyDictionary<EndpointId, HostEndpointUpdate> Hosts => _hosts;

    /// <summary>The members of a present set.</summary>
    public IReadOnlySet<IpSetMember> Members(IpSetId id) =>
        _ipSets.TryGetValue(id, out var set) ? set.Members : throw new KeyNotFoundException($"no IP set {id}");

    public bool HasIpSet(IpSetId id) => _ipSets.ContainsKey(id);

    public void Apply(IEnumerable<DataplaneMessage> messages)
    {
        foreach (var message in messages)
        {
            Apply(message);
        }
    }

    public void Apply(DataplaneMessage message)
    {
        MessageCount++;
        switch (message)
        {
            case IpSetUpdate update:
                ApplySet(update);
                break;
            case IpSetDeltaUpdate delta:
                ApplyDelta(delta);
                break;
            case IpSetRemove remove:
                Require(message, _ipSets.ContainsKey(remove.Id), "the set is not present");
                Require(message, !UsersOf(remove.Id).Any(), $"still used by {string.Join(", ", UsersOf(remove.Id))}");
                _ipSets.Remove(remove.Id);
                break;
            case ActivePolicyUpdate update:
                Require(message, update.Id == update.Policy.Id, $"the policy inside is {update.Policy.Id}");
                RequireSets(message, Format.SetsOf(update.Policy.Ingress, update.Policy.Egress));
                _policies[update.Id] = update.Policy;
                break;
            case ActivePolicyRemove remove:
                Require(message, _policies.ContainsKey(remove.Id), "the policy is not present");
                Require(message, !EndpointsUsingPolicy(remove.Id).Any(), $"still in the tiers of {string.Join(", ", EndpointsUsingPolicy(remove.Id))}");
                _policies.Remove(remove.Id);
                break;
            case ActiveProfileUpdate update:
                Require(message, string.Equals(update.Name, update.Profile.Name, StringComparison.Ordinal), $"the profile inside is {update.Profile.Name}");
                RequireSets(message, Format.SetsOf(update.Profile.Ingress, update.Profile.Egress));
                _profiles[update.Name] = update.Profile;
                break;
            case ActiveProfileRemove remove:
                Require(message, _profiles.ContainsKey(remove.Name), "the profile is not present");
                Require(message, !EndpointsUsingProfile(remove.Name).Any(), $"still listed by {string.Join(", ", EndpointsUsingProfile(remove.Name))}");
                _profiles.Remove(remove.Name);
                break;
            case WorkloadEndpointUpdate update:
                Require(message, update.Id.Kind == EndpointKind.Workload, "not a workload endpoint id");
                RequireReferents(message, update.Tiers, update.Profiles);
                _workloads[update.Id] = update;
                break;
            case WorkloadEndpointRemove remove:
                Require(message, _workloads.Remove(remove.Id), "the endpoint is not present");
                break;
            case HostEndpointUpdate update:
                Require(message, update.Id.Kind == EndpointKind.Host, "not a host endpoint id");
                RequireReferents(message, [.. update.Tiers, .. update.UntrackedTiers, .. update.PreDnatTiers, .. update.ForwardTiers], update.Profiles);
                _hosts[update.Id] = update;
                break;
            case HostEndpointRemove remove:
                Require(message, _hosts.Remove(remove.Id), "the endpoint is not present");
                break;
            case IpPoolUpdate pool:
                _pools[pool.Name] = pool;
                break;
            case IpPoolRemove remove:
                Require(message, _pools.Remove(remove.Name), "the pool is not present");
                break;
            case VtepUpdate vtep:
                Vteps[vtep.Node] = vtep;
                break;
            case VtepRemove remove:
                Require(message, Vteps.Remove(remove.Node), "the tunnel endpoint is not present");
                break;
            case BlockRouteUpdate route:
                BlockRoutes[route.Block] = route;
                break;
            case BlockRouteRemove remove:
                Require(message, BlockRoutes.Remove(remove.Block), "the block route is not present");
                break;
            case HostSettingsUpdate settings:
                HostSettings = settings.Settings;
                break;
            case DatastoreInSync:
                InSyncCount++;
                break;
            default:
                throw new DataplaneContractException(message, "unknown message type");
        }
    }

    /// <summary>What the dataplane holds, in the form the oracle also produces.</summary>
    public DataplaneView View()
    {
        var view = new DataplaneView();
        foreach (var (id, set) in _ipSets)
        {
            view.IpSets[id.Value] = Format.SetContent(set.Kind, set.Members);
        }

        foreach (var (id, policy) in _policies)
        {
            view.Policies[Format.Policy(id)] = Format.PolicyContent(policy);
        }

        foreach (var (name, profile) in _profiles)
        {
            view.Profiles[name] = Format.ProfileContent(profile);
        }

        foreach (var (id, endpoint) in _workloads)
        {
            view.Endpoints[id.ToString()] = EndpointText(endpoint.InterfaceName, endpoint.Networks, endpoint.Tiers, endpoint.Profiles, endpoint.Problems);
        }

        foreach (var (id, endpoint) in _hosts)
        {
            view.Endpoints[id.ToString()] = EndpointText(endpoint.InterfaceName, endpoint.ExpectedIps, endpoint.Tiers, endpoint.Profiles, endpoint.Problems)
                + $" untracked={Format.Tiers(endpoint.UntrackedTiers)} preDnat={Format.Tiers(endpoint.PreDnatTiers)} forward={Format.Tiers(endpoint.ForwardTiers)}";
        }

        return view;
    }

    /// <summary>The text of an endpoint in <see cref="DataplaneView.Endpoints"/>; the oracle uses it too.</summary>
    public static string EndpointText(string interfaceName, IEnumerable<Cidr> networks, IEnumerable<TierPolicies> tiers, IEnumerable<string> profiles, IEnumerable<EndpointProblem> problems) =>
        EndpointText(interfaceName, networks, tiers, profiles, problems.Select(p => p.Direction.ToString()));

    public static string EndpointText(string interfaceName, IEnumerable<Cidr> networks, IEnumerable<TierPolicies> tiers, IEnumerable<string> profiles, IEnumerable<string> failingDirections) =>
        $"if={interfaceName} nets=[{string.Join(",", networks)}] tiers={Format.Tiers(tiers)} profiles=[{string.Join(",", profiles)}]"
        + $" failing=[{string.Join(",", failingDirections.Order(StringComparer.Ordinal))}]";

    private void ApplySet(IpSetUpdate update)
    {
        var members = new HashSet<IpSetMember>();
        foreach (var member in update.Members)
        {
            Require(update, members.Add(member), $"member {member} listed twice");
            Require(update, (member.Protocol == 0) == (update.Kind == IpSetKind.Networks), $"member {member} does not fit a {update.Kind} set");
        }

        if (_ipSets.TryGetValue(update.Id, out var existing))
        {
            Require(update, existing.Kind == update.Kind, $"the set was a {existing.Kind} set");
        }

        _ipSets[update.Id] = (update.Kind, members);
    }

    private void ApplyDelta(IpSetDeltaUpdate delta)
    {
        Require(delta, _ipSets.TryGetValue(delta.Id, out var set), "the set is not present");
        Require(delta, delta.Added.Count + delta.Removed.Count > 0, "an empty delta");
        var removed = new HashSet<IpSetMember>();
        foreach (var member in delta.Removed)
        {
            Require(delta, removed.Add(member), $"member {member} removed twice");
            Require(delta, set.Members.Contains(member), $"member {member} removed but not present");
        }

        var added = new HashSet<IpSetMember>();
        foreach (var member in delta.Added)
        {
            Require(delta, added.Add(member), $"member {member} added twice");
            Require(delta, !removed.Contains(member), $"member {member} both added and removed");
            Require(delta, !set.Members.Contains(member), $"member {member} added but already present");
            Require(delta, (member.Protocol == 0) == (set.Kind == IpSetKind.Networks), $"member {member} does not fit a {set.Kind} set");
        }

        set.Members.ExceptWith(removed);
        set.Members.UnionWith(added);
    }

    private void RequireSets(DataplaneMessage message, IEnumerable<IpSetDescriptor> sets)
    {
        foreach (var set in sets)
        {
            Require(message, _ipSets.TryGetValue(set.Id, out var held), $"uses IP set {set} which is not present");
            Require(message, held.Kind == set.Kind, $"uses IP set {set} as {set.Kind} but it is {held.Kind}");
        }
    }

    private void RequireReferents(DataplaneMessage message, IEnumerable<TierPolicies> tiers, IEnumerable<string> profiles)
    {
        foreach (var tier in tiers)
        {
            Require(message, tier.Ingress.Count + tier.Egress.Count > 0, $"tier {tier.Name} is listed with no policy");
            foreach (var id in tier.Ingress.Concat(tier.Egress))
            {
                var policy = _policies.GetValueOrDefault(id)
                    ?? throw new DataplaneContractException(message, $"tier {tier.Name} lists policy {Format.Policy(id)} which is not present");
                Require(message, string.Equals(policy.Tier, tier.Name, StringComparison.Ordinal), $"policy {Format.Policy(id)} is in tier {policy.Tier}, listed under {tier.Name}");
            }
        }

        foreach (var profile in profiles)
        {
            Require(message, _profiles.ContainsKey(profile), $"lists profile {profile} which is not present");
        }
    }

    private IEnumerable<string> UsersOf(IpSetId id)
    {
        foreach (var (policyId, policy) in _policies)
        {
            if (Format.SetsOf(policy.Ingress, policy.Egress).Any(s => s.Id == id))
            {
                yield return "policy " + Format.Policy(policyId);
            }
        }

        foreach (var (name, profile) in _profiles)
        {
            if (Format.SetsOf(profile.Ingress, profile.Egress).Any(s => s.Id == id))
            {
                yield return "profile " + name;
            }
        }
    }

    private IEnumerable<EndpointId> EndpointsUsingPolicy(PolicyId id)
    {
        foreach (var endpoint in _workloads.Values)
        {
            if (endpoint.Tiers.Any(t => t.Ingress.Contains(id) || t.Egress.Contains(id)))
            {
                yield return endpoint.Id;
            }
        }

        foreach (var endpoint in _hosts.Values)
        {
            IEnumerable<TierPolicies> all = [.. endpoint.Tiers, .. endpoint.UntrackedTiers, .. endpoint.PreDnatTiers, .. endpoint.ForwardTiers];
            if (all.Any(t => t.Ingress.Contains(id) || t.Egress.Contains(id)))
            {
                yield return endpoint.Id;
            }
        }
    }

    private IEnumerable<EndpointId> EndpointsUsingProfile(string name)
    {
        foreach (var endpoint in _workloads.Values)
        {
            if (endpoint.Profiles.Contains(name, StringComparer.Ordinal))
            {
                yield return endpoint.Id;
            }
        }

        foreach (var endpoint in _hosts.Values)
        {
            if (endpoint.Profiles.Contains(name, StringComparer.Ordinal))
            {
                yield return endpoint.Id;
            }
        }
    }

    private static void Require(DataplaneMessage message, bool condition, string reason)
    {
        if (!condition)
        {
            throw new DataplaneContractException(message, reason);
        }
    }
}
