namespace Calico.Api.Kubernetes;

/// <summary>A Kubernetes v1 ServiceAccount: Calico reads its labels (profile ksa.&lt;ns&gt;.&lt;name&gt;).</summary>
public sealed class KubeServiceAccount : Resource
{
}
