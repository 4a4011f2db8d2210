namespace Calico.Policy.Ids;

/// <summary>Identifies an endpoint: its kind, namespace (workloads only) and resource name.</summary>
public readonly record struct EndpointId(EndpointKind Kind, string? Namespace, string Name)
{
    /// <summary>A WorkloadEndpoint named <paramref name="name"/> in <paramref name="ns"/>.</summary>
    public static EndpointId Workload(string ns, string name) => new(EndpointKind.Workload, ns, name);

    /// <summary>A HostEndpoint (cluster-scoped).</summary>
    public static EndpointId Host(string name) => new(EndpointKind.Host, null, name);

    /// <summary><c>namespace/name</c> for workloads, <c>host:name</c> for host endpoints.</summary>
    public override string ToString() => Kind == EndpointKind.Host ? $"host:{Name}" : $"{Namespace}/{Name}";
}
