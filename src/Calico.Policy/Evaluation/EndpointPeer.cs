using System.Net;
using Calico.Policy.Ids;

namespace Calico.Policy.Evaluation;

/// <summary>An endpoint end of a flow; its policy applies. The address defaults to the endpoint's first one of the flow's IP version.</summary>
public sealed record EndpointPeer(EndpointId Endpoint, IPAddress? Address = null) : FlowPeer
{
    /// <inheritdoc />
    public override string ToString() => Address is null ? Endpoint.ToString() : $"{Endpoint} ({Address})";
}
