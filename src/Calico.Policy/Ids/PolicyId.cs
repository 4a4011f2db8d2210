namespace Calico.Policy.Ids;

/// <summary>Identifies one policy: its kind, namespace (null for global policies) and name.</summary>
public readonly record struct PolicyId(PolicyKind Kind, string? Namespace, string Name)
{
    /// <summary>A Calico NetworkPolicy in <paramref name="ns"/>.</summary>
    public static PolicyId Namespaced(string ns, string name) => new(PolicyKind.NetworkPolicy, ns, name);

    /// <summary>A GlobalNetworkPolicy.</summary>
    public static PolicyId Global(string name) => new(PolicyKind.GlobalNetworkPolicy, null, name);

    /// <summary>A Kubernetes NetworkPolicy; <paramref name="name"/> is the Kubernetes name (without <c>knp.default.</c>).</summary>
    public static PolicyId Kubernetes(string ns, string name) =>
        new(PolicyKind.KubernetesNetworkPolicy, ns, Api.Conversion.KubeNetworkPolicyConverter.NamePrefix + name);

    /// <summary>
    /// The string Felix compares to order policies of equal <c>order</c>: <c>name/namespace/kind</c>
    /// (felix/calc/policy_sorter.go <c>PolKVLess</c>), compared ordinally.
    /// </summary>
    public string SortKey => $"{Name}/{Namespace}/{Kind}";

    /// <summary><c>namespace/name</c> for namespaced policies, <c>name</c> for global ones.</summary>
    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
