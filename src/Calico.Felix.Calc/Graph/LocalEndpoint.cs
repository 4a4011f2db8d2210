using Calico.Core;
using Calico.Policy.Ids;

namespace Calico.Felix.Calc.Graph;

/// <summary>A workload or host endpoint on this node: what the dataplane needs of it, and the policies that select it.</summary>
internal sealed class LocalEndpoint(EndpointId id)
{
    public EndpointId Id { get; } = id;

    public bool IsHost => Id.Kind == EndpointKind.Host;

    public string InterfaceName { get; set; } = string.Empty;

    public IReadOnlyList<Cidr> Networks { get; set; } = [];

    /// <summary>The profiles the endpoint names, in its order (some may not exist).</summary>
    public IReadOnlyList<string> Profiles { get; set; } = [];

    /// <summary>Policies whose selector matches the endpoint's labels (any tier, any stage).</summary>
    public HashSet<PolicyId> Policies { get; } = [];
}
