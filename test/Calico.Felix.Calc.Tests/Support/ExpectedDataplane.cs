using Calico.Api;
using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Api.Values;
using Calico.Core;
using Calico.Felix.Calc.IpSets;
using Calico.Felix.Calc.Messages;
using Calico.Policy;
using Calico.Policy.Effective;
using Calico.Policy.Evaluation;
using Calico.Policy.Ids;
using Calico.Policy.Resolution;
using Calico.Policy.Snapshot;

namespace Calico.Felix.Calc.Tests.Support;

/// <summary>
/// The oracle: what a node's dataplane must hold for a set of resources, worked out from scratch with the policy
/// model (Calico.Policy) and plain selector evaluation, without any of the calc graph's code or incremental state.
/// <list type="bullet">
/// <item>local endpoints: those whose node is this node; their tiers per direction and stage from
///   <see cref="PolicyModel.Resolve"/>, merged into one <see cref="TierPolicies"/> per tier;</item>
/// <item>a direction fails closed for each policy in a tier that does not exist that selects the endpoint and governs it;</item>
/// <item>active policies: every policy (whatever its tier) whose selector matches a local endpoint;</item>
/// <item>active profiles: those a local endpoint lists and that exist;</item>
/// <item>active IP sets: those the rules of active policies and profiles use (<see cref="RuleIpSets"/>), holding the
///   addresses of every endpoint (any node) and network set whose labels match, or for a named port the
///   (address, protocol, port) of every matching endpoint's port of that name and protocol.</item>
/// </list>
/// </summary>
internal static class ExpectedDataplane
{
    private static readonly PolicyType[] Directions = [PolicyType.Ingress, PolicyType.Egress];

    public static DataplaneView For(IEnumerable<Resource> resources, string node) => Compute(resources, node).View;

    /// <summary>
    /// The dataplane's state, and the problems the graph must report as keys: <c>endpoint ID direction policy</c> for each
    /// direction a policy in a missing tier makes fail closed, <c>policy ID port NAME/PROTOCOL</c> for each named port of
    /// an active policy whose set is empty.
    /// </summary>
    public static (DataplaneView View, SortedSet<string> Problems) Compute(IEnumerable<Resource> resources, string node)
    {
        var list = resources.ToList();
        var model = PolicyModel.Create(list);
        var snapshot = model.Snapshot;
        var local = snapshot.Endpoints.Where(e => string.Equals(e.Node, node, StringComparison.Ordinal)).ToList();
        var allPolicies = list.Select(Convert).OfType<EffectivePolicy>().ToList();
        var view = new DataplaneView();
        var problems = new SortedSet<string>(StringComparer.Ordinal);
        var sets = new Dictionary<IpSetId, IpSetDescriptor>();

        foreach (var policy in allPolicies.Where(p => local.Any(e => p.Selector.Matches(e.Labels))))
        {
            view.Policies[Format.Policy(policy.Id)] = Format.PolicyContent(policy);
            Collect(sets, Format.SetsOf(policy.Ingress, policy.Egress));
            foreach (var set in Format.SetsOf(policy.Ingress, policy.Egress).Where(s => s.Kind == IpSetKind.NamedPorts && Members(snapshot, s).Count == 0))
            {
                problems.Add($"policy {policy.Id} port {set.PortName}/{ProtocolNames.Of(set.Protocol)}");
            }
        }

        foreach (var endpoint in local)
        {
            var profiles = endpoint.Profiles.Where(snapshot.Profiles.ContainsKey).ToList();
            foreach (var name in profiles)
            {
                var profile = snapshot.Profiles[name];
                view.Profiles[name] = Format.ProfileContent(profile);
                Collect(sets, Format.SetsOf(profile.Ingress, profile.Egress));
            }

            var failing = new List<string>();
            foreach (var policy in allPolicies)
            {
                if (snapshot.FindTier(policy.Tier) is null && !policy.DoNotTrack && !policy.PreDnat && policy.Selector.Matches(endpoint.Labels))
                {
                    failing.AddRange(Directions.Where(policy.Governs).Select(d => d.ToString()));
                    problems.UnionWith(Directions.Where(policy.Governs).Select(d => $"endpoint {endpoint.Id} {d.ToString().ToLowerInvariant()} {policy.Id}"));
                }
            }

            var text = DataplaneState.EndpointText(endpoint.InterfaceName ?? string.Empty, endpoint.Networks, Tiers(model, endpoint.Id, PolicyStage.Normal), profiles, failing);
            if (endpoint.Id.Kind == EndpointKind.Host)
            {
                text += $" untracked={Format.Tiers(Tiers(model, endpoint.Id, PolicyStage.Untracked))}"
                    + $" preDnat={Format.Tiers(Tiers(model, endpoint.Id, PolicyStage.PreDnat))}"
                    + $" forward={Format.Tiers(Tiers(model, endpoint.Id, PolicyStage.Forward))}";
            }

            view.Endpoints[endpoint.Id.ToString()] = text;
        }

        foreach (var set in sets.Values)
        {
            view.IpSets[set.Id.Value] = Format.SetContent(set.Kind, Members(snapshot, set));
        }

        return (view, problems);
    }

    /// <summary>The members of <paramref name="set"/> for the endpoints and network sets of <paramref name="snapshot"/>.</summary>
    public static IReadOnlyCollection<IpSetMember> Members(PolicySnapshot snapshot, IpSetDescriptor set)
    {
        var members = new HashSet<IpSetMember>();
        foreach (var endpoint in snapshot.Endpoints.Where(e => set.Selector.Matches(e.Labels)))
        {
            if (set.Kind == IpSetKind.Networks)
            {
                members.UnionWith(endpoint.Networks.Select(n => new IpSetMember(n)));
                continue;
            }

            foreach (var port in endpoint.Ports)
            {
                if (string.Equals(port.Name, set.PortName, StringComparison.Ordinal) && port.ProtocolNumber == set.Protocol)
                {
                    members.UnionWith(endpoint.Networks.Select(n => new IpSetMember(Cidr.FromAddress(n.Address), port.ProtocolNumber, port.Port)));
                }
            }
        }

        if (set.Kind == IpSetKind.Networks)
        {
            foreach (var networkSet in snapshot.NetworkSets.Where(s => set.Selector.Matches(s.Labels)))
            {
                members.UnionWith(networkSet.Nets.Select(n => new IpSetMember(n)));
            }
        }

        return members;
    }

    /// <summary>The model's tiers for both directions of one stage, merged per tier in tier order.</summary>
    private static List<TierPolicies> Tiers(PolicyModel model, EndpointId endpoint, PolicyStage stage)
    {
        var ingress = model.Resolve(endpoint, PolicyType.Ingress, stage).Tiers;
        var egress = model.Resolve(endpoint, PolicyType.Egress, stage).Tiers;
        var result = new List<TierPolicies>();
        foreach (var tier in model.Snapshot.Tiers)
        {
            var inbound = ingress.FirstOrDefault(t => t.Tier.Name == tier.Name);
            var outbound = egress.FirstOrDefault(t => t.Tier.Name == tier.Name);
            if (inbound is null && outbound is null)
            {
                continue;
            }

            result.Add(new TierPolicies(
                tier.Name,
                (inbound ?? outbound)!.DefaultAction,
                inbound?.Policies.Select(p => p.Id).ToList() ?? [],
                outbound?.Policies.Select(p => p.Id).ToList() ?? []));
        }

        return result;
    }

    private static void Collect(Dictionary<IpSetId, IpSetDescriptor> sets, IEnumerable<IpSetDescriptor> used)
    {
        foreach (var set in used)
        {
            sets.TryAdd(set.Id, set);
        }
    }

    private static EffectivePolicy? Convert(Resource resource) => resource switch
    {
        NetworkPolicy policy => EffectivePolicyConverter.FromNetworkPolicy(policy),
        GlobalNetworkPolicy policy => EffectivePolicyConverter.FromGlobalNetworkPolicy(policy),
        KubeNetworkPolicy policy => EffectivePolicyConverter.FromKubernetesNetworkPolicy(policy),
        _ => null,
    };
}
