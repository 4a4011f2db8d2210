namespace Calico.Api.Kubernetes;

/// <summary>A Kubernetes v1 Namespace: Calico reads its labels (profile kns.&lt;name&gt;).</summary>
public sealed class KubeNamespace : Resource
{
    public KubeNamespaceSpec? Spec { get; set; }
}

public sealed class KubeNamespaceSpec
{
    public List<string>? Finalizers { get; set; }
}
