namespace Calico.Policy.Ids;

/// <summary>What kind of endpoint policy is applied to.</summary>
public enum EndpointKind
{
    /// <summary>A WorkloadEndpoint (a pod's interface).</summary>
    Workload,

    /// <summary>A HostEndpoint (a host interface, or all of them with <c>interfaceName: "*"</c>).</summary>
    Host,
}
