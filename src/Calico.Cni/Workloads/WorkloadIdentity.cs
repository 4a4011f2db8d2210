using System.Security.Cryptography;
using System.Text;

namespace Calico.Cni.Workloads;

/// <summary>
/// Who a pod is and the names Calico derives from that: the host-side veth (cali + 11 hex digits of sha1("ns.pod")),
/// the WorkloadEndpoint name (node-orchestrator-pod-endpoint, each '-' inside a part doubled) and the IPAM handle.
/// </summary>
public sealed record WorkloadIdentity(string Node, string Orchestrator, string Namespace, string Pod, string Endpoint, string ContainerId, string NetworkName)
{
    public const string KubernetesOrchestrator = "k8s";
    public const string CniOrchestrator = "cni";

    /// <summary>
    /// A Kubernetes pod when CNI_ARGS carry both K8S_POD_NAMESPACE and K8S_POD_NAME (as Calico requires); otherwise a
    /// plain CNI workload named by its container ID (podman passes only K8S_POD_NAME; cnitool passes neither).
    /// </summary>
    public static WorkloadIdentity From(string node, string? kubernetesNamespace, string? kubernetesPod, string containerId, string ifName, string networkName) =>
        kubernetesNamespace is not null && kubernetesPod is not null
            ? new(node, KubernetesOrchestrator, kubernetesNamespace, kubernetesPod, ifName, containerId, networkName)
            : new(node, CniOrchestrator, "default", containerId, ifName, containerId, networkName);

    public bool IsKubernetes => string.Equals(Orchestrator, KubernetesOrchestrator, StringComparison.Ordinal);

    /// <summary>The IPAM handle: &lt;network name&gt;.&lt;container id&gt; (k8s-pod-network.&lt;cid&gt; with Calico's default conflist).</summary>
    public string HandleId => $"{NetworkName}.{ContainerId}";

    public string WorkloadEndpointName =>
        string.Join("-", new[] { Node, Orchestrator, Pod, Endpoint }.Select(p => p.Replace("-", "--", StringComparison.Ordinal)));

    public string HostVethName(string prefix = "cali")
    {
        var key = IsKubernetes ? $"{Namespace}.{Pod}" : ContainerId;
        var hash = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(key)));
        var name = prefix + hash;
        return name.Length > 15 ? name[..15] : name;
    }
}
