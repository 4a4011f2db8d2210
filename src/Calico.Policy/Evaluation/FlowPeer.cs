using System.Net;
using Calico.Policy.Ids;
using Calico.Policy.Snapshot;

namespace Calico.Policy.Evaluation;

/// <summary>One end of a <see cref="Flow"/>: an endpoint the model knows (<see cref="EndpointPeer"/>) or a bare address (<see cref="AddressPeer"/>).</summary>
public abstract record FlowPeer
{
    private protected FlowPeer()
    {
    }

    /// <summary>The endpoint with this id.</summary>
    public static implicit operator FlowPeer(EndpointId id) => new EndpointPeer(id);

    /// <summary>This endpoint.</summary>
    public static implicit operator FlowPeer(ModelEndpoint endpoint) => new EndpointPeer(endpoint?.Id ?? throw new ArgumentNullException(nameof(endpoint)));

    /// <summary>A bare address (outside the model, or selected only through network sets).</summary>
    public static implicit operator FlowPeer(IPAddress address) => new AddressPeer(address);

    /// <summary>The endpoint with this id.</summary>
    public static FlowPeer FromEndpoint(EndpointId id) => new EndpointPeer(id);

    /// <summary>A bare address, e.g. <c>"203.0.113.7"</c>.</summary>
    public static FlowPeer FromAddress(string address) => new AddressPeer(IPAddress.Parse(address));
}
