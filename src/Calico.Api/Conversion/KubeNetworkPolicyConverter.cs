using Calico.Api.Defaults;
using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Api.Values;

namespace Calico.Api.Conversion;

/// <summary>
/// Converts a Kubernetes NetworkPolicy into the Calico NetworkPolicy Calico enforces for it: name knp.default.&lt;name&gt;,
/// tier default, order 1000, one Allow rule per (peer, protocol).
/// </summary>
public static class KubeNetworkPolicyConverter
{
    public const string NamePrefix = "knp.default.";
    public const double Order = 1000;

    public static NetworkPolicy Convert(KubeNetworkPolicy source)
    {
        var spec = source.Spec;
        var policy = new NetworkPolicy
        {
            ApiVersion = ResourceKinds.CalicoApiVersion,
            Kind = "NetworkPolicy",
            Metadata = new()
            {
                Name = NamePrefix + source.Name,
                Namespace = source.Namespace,
                Uid = source.Metadata.Uid,
                ResourceVersion = source.Metadata.ResourceVersion,
                CreationTimestamp = source.Metadata.CreationTimestamp,
                Labels = new(StringComparer.Ordinal) { [WellKnownLabels.Tier] = BuiltInTiers.Default },
            },
            Spec = new NetworkPolicySpec
            {
                Tier = BuiltInTiers.Default,
                Order = Order,
                Selector = KubeSelectorConverter.ForPods(spec.PodSelector),
                Types = PolicyTypes(spec),
            },
        };

        if (spec.Ingress is { Count: > 0 } ingress)
        {
            policy.Spec.Ingress = ingress.SelectMany(r => ConvertRule(r.From, r.Ports, PolicyType.Ingress)).ToList();
        }

        if (spec.Egress is { Count: > 0 } egress)
        {
            policy.Spec.Egress = egress.SelectMany(r => ConvertRule(r.To, r.Ports, PolicyType.Egress)).ToList();
        }

        return policy;
    }

    /// <summary>The API server's default: Ingress always, Egress when there are egress rules; kept in [Ingress, Egress] order.</summary>
    public static List<PolicyType> PolicyTypes(KubeNetworkPolicySpec spec)
    {
        var declared = spec.PolicyTypes is { Count: > 0 }
            ? spec.PolicyTypes
            : spec.Egress is { Count: > 0 } ? ["Ingress", "Egress"] : ["Ingress"];
        var types = new List<PolicyType>();
        if (declared.Contains("Ingress"))
        {
            types.Add(PolicyType.Ingress);
        }

        if (declared.Contains("Egress"))
        {
            types.Add(PolicyType.Egress);
        }

        return types;
    }

    private static IEnumerable<Rule> ConvertRule(List<KubeNetworkPolicyPeer>? peers, List<KubeNetworkPolicyPort>? ports, PolicyType direction)
    {
        var byProtocol = GroupPorts(ports);
        var peerList = peers is { Count: > 0 } ? peers.Cast<KubeNetworkPolicyPeer?>().ToList() : [null];
        foreach (var peer in peerList)
        {
            foreach (var (protocol, protocolPorts) in byProtocol)
            {
                var peerMatch = PeerMatch(peer);
                var rule = new Rule { Action = RuleAction.Allow };
                if (protocol is not null && Protocol.TryParse(protocol, out var parsed, out _))
                {
                    rule.Protocol = parsed;
                }

                if (direction == PolicyType.Ingress)
                {
                    rule.Source = peerMatch;
                    rule.Destination = protocolPorts is { Count: > 0 } ? new EntityRule { Ports = PortRangeSimplifier.Simplify(protocolPorts) } : null;
                }
                else
                {
                    var destination = peerMatch ?? new EntityRule();
                    if (protocolPorts is { Count: > 0 })
                    {
                        destination.Ports = PortRangeSimplifier.Simplify(protocolPorts);
                    }

                    rule.Destination = IsEmpty(destination) ? null : destination;
                }

                yield return rule;
            }
        }
    }

    /// <summary>Ports grouped by protocol (sorted); a port without protocol is TCP; a protocol with a blank port means all its ports.</summary>
    private static SortedDictionary<string, List<Port>?> GroupPortsCore(List<KubeNetworkPolicyPort> ports)
    {
        var result = new SortedDictionary<string, List<Port>?>(StringComparer.Ordinal);
        foreach (var port in ports)
        {
            var protocol = port.Protocol ?? "TCP";
            if (port.Port is not { } value)
            {
                result[protocol] = null;
                continue;
            }

            Port converted;
            if (value.IntValue is { } number)
            {
                converted = port.EndPort is { } end && end > number ? Port.Range(number, end) : Port.Single(number);
            }
            else if (value.StringValue is { } name && Port.TryParse(name, out var parsed, out _))
            {
                converted = parsed;
            }
            else
            {
                continue;
            }

            if (!result.TryGetValue(protocol, out var list))
            {
                result[protocol] = [converted];
            }
            else if (list is not null)
            {
                list.Add(converted);
            }
        }

        return result;
    }

    private static IEnumerable<(string? Protocol, List<Port>? Ports)> GroupPorts(List<KubeNetworkPolicyPort>? ports)
    {
        if (ports is not { Count: > 0 })
        {
            return [(null, null)];
        }

        return GroupPortsCore(ports).Select(p => ((string?)p.Key, p.Value));
    }

    private static EntityRule? PeerMatch(KubeNetworkPolicyPeer? peer)
    {
        if (peer is null)
        {
            return null;
        }

        if (peer.IpBlock is { } block)
        {
            return new EntityRule
            {
                Nets = block.Cidr is null ? null : [block.Cidr],
                NotNets = block.Except is { Count: > 0 } ? [.. block.Except] : null,
            };
        }

        var namespaceSelector = KubeSelectorConverter.ForNamespaces(peer.NamespaceSelector);
        return new EntityRule
        {
            Selector = KubeSelectorConverter.ForPods(peer.PodSelector),
            NamespaceSelector = namespaceSelector.Length == 0 ? null : namespaceSelector,
        };
    }

    private static bool IsEmpty(EntityRule rule) =>
        rule.Nets is null && rule.NotNets is null && rule.Selector is null && rule.NamespaceSelector is null && rule.Ports is null;
}
