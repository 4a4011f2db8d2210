using Calico.Policy.Ids;

namespace Calico.Felix.Calc.Messages;

/// <summary>The host endpoint is gone from this node.</summary>
public sealed record HostEndpointRemove(EndpointId Id) : DataplaneMessage;
