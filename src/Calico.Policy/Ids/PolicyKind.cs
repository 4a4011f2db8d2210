namespace Calico.Policy.Ids;

/// <summary>The resource a policy came from. Its name is part of Calico's tie-break between equal orders.</summary>
public enum PolicyKind
{
    /// <summary>A Calico NetworkPolicy (namespaced).</summary>
    NetworkPolicy,

    /// <summary>A Calico GlobalNetworkPolicy (cluster-wide).</summary>
    GlobalNetworkPolicy,

    /// <summary>A Kubernetes NetworkPolicy, converted to <c>knp.default.&lt;name&gt;</c> (namespaced).</summary>
    KubernetesNetworkPolicy,
}
