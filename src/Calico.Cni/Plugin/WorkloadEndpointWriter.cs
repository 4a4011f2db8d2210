using System.Net;
using Calico.Api;
using Calico.Api.Conversion;
using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Api.Values;
using ValueProtocol = Calico.Api.Values.Protocol;
using Calico.Client.Store;
using Calico.Cni.Workloads;

namespace Calico.Cni.Plugin;

/// <summary>
/// Writes the pod's WorkloadEndpoint (labels from its Pod, profiles kns.&lt;ns&gt; and ksa.&lt;ns&gt;.&lt;sa&gt;, named ports)
/// and the annotations Calico puts on the Pod (cni.projectcalico.org/podIP, podIPs, containerID).
/// </summary>
public sealed class WorkloadEndpointWriter(ResourceStore store)
{
    public const string PodIpAnnotation = "cni.projectcalico.org/podIP";
    public const string PodIpsAnnotation = "cni.projectcalico.org/podIPs";
    public const string ContainerIdAnnotation = "cni.projectcalico.org/containerID";

    public async ValueTask<WorkloadEndpoint?> GetAsync(WorkloadIdentity workload, CancellationToken ct) =>
        await store.GetAsync(ResourceKinds.WorkloadEndpoint, workload.Namespace, workload.WorkloadEndpointName, ct).ConfigureAwait(false) as WorkloadEndpoint;

    public async ValueTask<KubePod?> GetPodAsync(WorkloadIdentity workload, CancellationToken ct) =>
        workload.IsKubernetes ? await store.GetAsync(ResourceKinds.KubePod, workload.Namespace, workload.Pod, ct).ConfigureAwait(false) as KubePod : null;

    public async ValueTask WriteAsync(WorkloadIdentity workload, KubePod? pod, string hostInterface, string podMac, IReadOnlyList<IPAddress> addresses, CancellationToken ct)
    {
        var serviceAccount = pod?.Spec.ServiceAccountName ?? "default";
        var endpoint = new WorkloadEndpoint
        {
            ApiVersion = ResourceKinds.CalicoApiVersion,
            Kind = "WorkloadEndpoint",
            Metadata = new()
            {
                Name = workload.WorkloadEndpointName,
                Namespace = workload.Namespace,
                Labels = pod?.Metadata.Labels is { } labels ? new SortedDictionary<string, string>(labels, StringComparer.Ordinal) : null,
            },
            Spec = new WorkloadEndpointSpec
            {
                Orchestrator = workload.Orchestrator,
                Workload = workload.IsKubernetes ? null : workload.ContainerId,
                Node = workload.Node,
                ContainerId = workload.ContainerId,
                Pod = workload.Pod,
                Endpoint = workload.Endpoint,
                ServiceAccountName = workload.IsKubernetes ? serviceAccount : null,
                IpNetworks = addresses.Select(a => $"{a}/{(a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)}").ToList(),
                Profiles = workload.IsKubernetes
                    ? [KubeProfileConverter.NamespaceProfileName(workload.Namespace), KubeProfileConverter.ServiceAccountProfileName(workload.Namespace, serviceAccount)]
                    : [KubeProfileConverter.NamespaceProfileName(workload.Namespace)],
                InterfaceName = hostInterface,
                Mac = podMac,
                Ports = NamedPorts(pod),
            },
        };

        var inputs = new List<DecodedResource> { new(endpoint, ResourceKinds.WorkloadEndpoint, "cni", 1) };
        if (pod is not null)
        {
            pod.Metadata.Annotations ??= new SortedDictionary<string, string>(StringComparer.Ordinal);
            pod.Metadata.Annotations[PodIpAnnotation] = endpoint.Spec.IpNetworks.FirstOrDefault() ?? string.Empty;
            pod.Metadata.Annotations[PodIpsAnnotation] = string.Join(",", endpoint.Spec.IpNetworks);
            pod.Metadata.Annotations[ContainerIdAnnotation] = workload.ContainerId;
            pod.Status ??= new KubePodStatus();
            pod.Status.PodIp = addresses.FirstOrDefault()?.ToString();
            pod.Status.PodIps = addresses.Select(a => new KubePodIp { Ip = a.ToString() }).ToList();
            inputs.Add(new DecodedResource(pod, ResourceKinds.KubePod, "cni", 2));
        }

        // One transaction: the endpoint and the pod's annotations appear together. The pod carries the revision it was
        // read at, so a concurrent change to it is a conflict, retried by the caller.
        await store.WriteAsync(inputs, WriteMode.Apply, new WriteOptions(), ct).ConfigureAwait(false);
    }

    /// <summary>Deletes the endpoint only if it still belongs to this container (a newer ADD for the same pod keeps its endpoint).</summary>
    public async ValueTask DeleteIfOwnedAsync(WorkloadIdentity workload, CancellationToken ct)
    {
        if (await GetAsync(workload, ct).ConfigureAwait(false) is not { } endpoint
            || !string.Equals(endpoint.Spec.ContainerId, workload.ContainerId, StringComparison.Ordinal))
        {
            return;
        }

        await store.DeleteAsync([new DeleteRequest(ResourceKinds.WorkloadEndpoint, workload.Namespace, workload.WorkloadEndpointName) { ResourceVersion = endpoint.Metadata.ResourceVersion }],
            skipNotExisting: true, ct).ConfigureAwait(false);
    }

    private static List<EndpointPort>? NamedPorts(KubePod? pod)
    {
        var ports = pod?.Spec.Containers?.SelectMany(c => c.Ports ?? []).Where(p => !string.IsNullOrEmpty(p.Name) && p.ContainerPort is not null).Select(p => new EndpointPort
        {
            Name = p.Name,
            Protocol = ValueProtocol.TryParse(p.Protocol ?? "TCP", out var protocol, out _) ? protocol : ValueProtocol.Tcp,
            Port = p.ContainerPort,
            HostPort = p.HostPort,
            HostIp = p.HostIp,
        }).ToList();
        return ports is { Count: > 0 } ? ports : null;
    }
}
