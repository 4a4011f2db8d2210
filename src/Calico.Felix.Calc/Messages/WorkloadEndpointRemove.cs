using Calico.Policy.Ids;

namespace Calico.Felix.Calc.Messages;

/// <summary>The workload endpoint left this node (or was deleted). Sent before its policies and profiles are removed.</summary>
public sealed record WorkloadEndpointRemove(EndpointId Id) : DataplaneMessage;
