using System.Net;
using System.Net.Sockets;
using Calico.Api.Values;
using Calico.Policy.Ids;
using Calico.Policy.Resolution;
using Calico.Policy.Snapshot;

namespace Calico.Policy.Evaluation;

/// <summary>Evaluates flows against a <see cref="PolicySnapshot"/>; immutable and safe to share.</summary>
internal sealed class PolicyEvaluator : IPolicyEvaluator
{
    private readonly PolicySnapshot _snapshot;
    private readonly AddressIndex _addresses;
    private readonly DirectionEvaluator _directions;

    public PolicyEvaluator(PolicySnapshot snapshot, IPolicyResolver resolver)
    {
        _snapshot = snapshot;
        _addresses = new AddressIndex(snapshot);
        _directions = new DirectionEvaluator(snapshot, resolver, new RuleMatcher());
    }

    public FlowVerdict Evaluate(Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var version = IpVersionOf(flow);
        var (source, sourceAddress, sourceName) = ResolvePeer(flow.Source, version, "source");
        var (destination, destinationAddress, destinationName) = ResolvePeer(flow.Destination, version, "destination");
        var context = new FlowContext(
            version,
            flow.Protocol,
            sourceAddress,
            destinationAddress,
            flow.SourcePort,
            flow.DestinationPort,
            flow.IcmpType,
            flow.IcmpCode,
            _addresses.MembersFor(sourceAddress),
            _addresses.MembersFor(destinationAddress));
        var verdict = new FlowVerdict
        {
            Flow = flow,
            Allowed = true,
            SourceAddress = sourceAddress,
            DestinationAddress = destinationAddress,
            SourceName = sourceName,
            DestinationName = destinationName,
            IpVersion = version,
        };

        if (source is not null && destination is not null && source.Id == destination.Id)
        {
            return verdict with { Notes = [NotPoliced("same endpoint: the packet stays inside it and is not policed")] };
        }

        if (source?.Id.Kind == EndpointKind.Host && destination?.Id.Kind == EndpointKind.Workload && SameNode(source, destination))
        {
            return verdict with
            {
                Notes = [NotPoliced("host to a workload on the same node: not policed (Felix applies neither the host endpoint's egress nor the workload's ingress policy)")],
            };
        }

        var egress = source is null ? null : _directions.Evaluate(source, PolicyType.Egress, context);
        if (egress is { Allowed: false })
        {
            return verdict with { Allowed = false, Egress = egress };
        }

        if (source?.Id.Kind == EndpointKind.Workload && destination?.Id.Kind == EndpointKind.Host && SameNode(source, destination))
        {
            var action = _snapshot.HostSettingsFor(destination.Node).DefaultEndpointToHostAction;
            var note = new TraceStep(TraceStepKind.EndpointToHost, $"workload to its own host: defaultEndpointToHostAction {action}")
            {
                Action = action == EndpointToHostAction.Drop ? RuleAction.Deny : RuleAction.Allow,
            };
            return verdict with { Allowed = action != EndpointToHostAction.Drop, Egress = egress, Notes = [note] };
        }

        var ingress = destination is null ? null : _directions.Evaluate(destination, PolicyType.Ingress, context);
        return verdict with { Allowed = ingress?.Allowed ?? true, Egress = egress, Ingress = ingress };
    }

    private static TraceStep NotPoliced(string text) => new(TraceStepKind.NotPoliced, text) { Action = RuleAction.Allow };

    private static bool SameNode(ModelEndpoint a, ModelEndpoint b) =>
        a.Node is not null && string.Equals(a.Node, b.Node, StringComparison.Ordinal);

    private static int IpVersionOf(Flow flow)
    {
        if (flow.IpVersion is { } explicitVersion)
        {
            return explicitVersion is 4 or 6 ? explicitVersion : throw new ArgumentException($"IP version {explicitVersion} is not 4 or 6", nameof(flow));
        }

        return (AddressOf(flow.Source) ?? AddressOf(flow.Destination)) is { } address ? VersionOf(address) : 4;
    }

    private static IPAddress? AddressOf(FlowPeer peer) => peer switch
    {
        AddressPeer address => address.Address,
        EndpointPeer endpoint => endpoint.Address,
        _ => null,
    };

    private static int VersionOf(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? 6 : 4;

    private (ModelEndpoint? Endpoint, IPAddress Address, string Name) ResolvePeer(FlowPeer peer, int version, string role)
    {
        switch (peer)
        {
            case AddressPeer bare:
                CheckVersion(bare.Address, version, role);
                return (null, bare.Address, bare.Address.ToString());
            case EndpointPeer endpointPeer:
                var endpoint = _snapshot.FindEndpoint(endpointPeer.Endpoint)
                    ?? throw new ArgumentException($"flow {role} {endpointPeer.Endpoint} is not in the policy model", nameof(peer));
                var address = endpointPeer.Address ?? endpoint.AddressFor(version)
                    ?? throw new ArgumentException($"flow {role} {endpoint.DisplayName} has no IPv{version} address", nameof(peer));
                CheckVersion(address, version, role);
                return (endpoint, address, endpoint.DisplayName);
            default:
                throw new ArgumentException($"unknown flow peer {peer}", nameof(peer));
        }
    }

    private static void CheckVersion(IPAddress address, int version, string role)
    {
        if (VersionOf(address) != version)
        {
            throw new ArgumentException($"flow {role} address {address} is not IPv{version}");
        }
    }
}
