namespace Calico.Policy.Snapshot;

/// <summary>FelixConfiguration defaultEndpointToHostAction: what happens to traffic from a workload to its own host.</summary>
public enum EndpointToHostAction
{
    /// <summary>Dropped after the workload's egress policy (Felix's default).</summary>
    Drop,

    /// <summary>Accepted after the workload's egress policy.</summary>
    Accept,

    /// <summary>Returned to the host's own INPUT rules, which this model treats as accepted.</summary>
    Return,
}
