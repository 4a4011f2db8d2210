using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Calico.Api;
using Calico.Api.Kubernetes;
using Calico.Api.Serialization;
using Calico.Client.Store;
using Calico.Datastore;
using Calico.Lab.State;

namespace Calico.Lab.Runtime;

/// <summary>
/// The lab's container runtime: writes the Pod (and its Namespace and ServiceAccount) to the datastore, makes the pod's
/// network namespace and asks the real CNI plugin to wire it, as kubelet and containerd do.
/// </summary>
internal sealed class PodRuntime(LabDirectory directory, LabState state, string pluginDirectory)
{
    public async Task<LabPod> AddAsync(PodSpecification spec, CancellationToken ct)
    {
        if (directory.LoadPod(spec.Namespace, spec.Name) is not null)
        {
            throw new LabException($"pod {spec.Namespace}/{spec.Name} already exists (calico-lab pod del {spec.Namespace}/{spec.Name} first)");
        }

        var node = ChooseNode(spec.Node);
        var pod = new LabPod
        {
            Namespace = spec.Namespace,
            Name = spec.Name,
            Node = node.Name,
            NetworkNamespace = LabNamespaceNames.Pod(state.Name, spec.Namespace, spec.Name),
            ContainerId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        };
        await WritePodResourcesAsync(spec, node, ct).ConfigureAwait(false);
        await NetworkNamespaces.CreateAsync(pod.NetworkNamespace).ConfigureAwait(false);
        directory.SavePod(pod);
        var outcome = await new CniInvoker(pluginDirectory).InvokeAsync("ADD", node.CniConfigPath, node.Namespace, pod.ContainerId,
            NetworkNamespaces.PathOf(pod.NetworkNamespace), KubernetesArgs(pod), ct).ConfigureAwait(false);
        if (!outcome.Success)
        {
            await CleanUpAsync(pod, node, CancellationToken.None).ConfigureAwait(false);
            throw new LabException($"CNI ADD for {spec.Namespace}/{spec.Name} on {node.Name} failed: {Describe(outcome)}");
        }

        pod.Addresses = (JsonNode.Parse(outcome.Output)?["ips"] as JsonArray ?? []).Select(ip => (string?)ip?["address"]).OfType<string>().ToList();
        directory.SavePod(pod);
        return pod;
    }

    public async Task DeleteAsync(string ns, string name, CancellationToken ct)
    {
        var pod = directory.LoadPod(ns, name) ?? throw new LabException($"pod {ns}/{name} does not exist in lab {state.Name}");
        var node = state.Nodes.First(n => string.Equals(n.Name, pod.Node, StringComparison.Ordinal));
        var outcome = await new CniInvoker(pluginDirectory).InvokeAsync("DEL", node.CniConfigPath, node.Namespace, pod.ContainerId,
            NetworkNamespaces.PathOf(pod.NetworkNamespace), KubernetesArgs(pod), ct).ConfigureAwait(false);
        if (!outcome.Success)
        {
            throw new LabException($"CNI DEL for {ns}/{name} failed: {Describe(outcome)}");
        }

        await NetworkNamespaces.DeleteAsync(pod.NetworkNamespace).ConfigureAwait(false);
        await using var datastore = await OpenAsync(ct).ConfigureAwait(false);
        await new ResourceStore(datastore, TimeProvider.System).DeleteAsync([new DeleteRequest(ResourceKinds.KubePod, ns, name)], skipNotExisting: true, ct).ConfigureAwait(false);
        directory.DeletePod(ns, name);
    }

    public LabPod Find(string ns, string name) =>
        directory.LoadPod(ns, name) ?? throw new LabException($"pod {ns}/{name} does not exist in lab {state.Name}");

    private static Dictionary<string, string> KubernetesArgs(LabPod pod) => new()
    {
        ["IgnoreUnknown"] = "1",
        ["K8S_POD_NAMESPACE"] = pod.Namespace,
        ["K8S_POD_NAME"] = pod.Name,
        ["K8S_POD_INFRA_CONTAINER_ID"] = pod.ContainerId,
    };

    private static string Describe(CniInvoker.Outcome outcome)
    {
        var output = outcome.Output.Trim();
        try
        {
            if (JsonNode.Parse(output) is JsonObject error && error["msg"] is { } msg)
            {
                return $"{msg} (code {error["code"]}){(error["details"] is { } d ? $": {d}" : string.Empty)}";
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return string.Join(" ", new[] { output, outcome.Error.Trim() }.Where(s => s.Length > 0));
    }

    private LabNode ChooseNode(string? requested)
    {
        if (requested is not null)
        {
            return state.Nodes.FirstOrDefault(n => string.Equals(n.Name, requested, StringComparison.Ordinal))
                ?? throw new LabException($"--node {requested}: the lab has {string.Join(", ", state.Nodes.Select(n => n.Name))}");
        }

        var counts = directory.LoadPods().GroupBy(p => p.Node).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return state.Nodes.OrderBy(n => counts.GetValueOrDefault(n.Name)).ThenBy(n => n.Name, StringComparer.Ordinal).First();
    }

    private async Task WritePodResourcesAsync(PodSpecification spec, LabNode node, CancellationToken ct)
    {
        await using var datastore = await OpenAsync(ct).ConfigureAwait(false);
        var store = new ResourceStore(datastore, TimeProvider.System);
        var existing = new List<DecodedResource>();
        if (await store.GetAsync(ResourceKinds.KubeNamespace, null, spec.Namespace, ct).ConfigureAwait(false) is null)
        {
            existing.Add(Decoded(new KubeNamespace { Metadata = new() { Name = spec.Namespace } }, ResourceKinds.KubeNamespace));
        }

        if (await store.GetAsync(ResourceKinds.KubeServiceAccount, spec.Namespace, spec.ServiceAccount, ct).ConfigureAwait(false) is null)
        {
            existing.Add(Decoded(new KubeServiceAccount { Metadata = new() { Name = spec.ServiceAccount, Namespace = spec.Namespace } }, ResourceKinds.KubeServiceAccount));
        }

        var pod = new KubePod
        {
            Metadata = new()
            {
                Name = spec.Name,
                Namespace = spec.Namespace,
                Labels = new SortedDictionary<string, string>(spec.Labels.ToDictionary(), StringComparer.Ordinal),
            },
            Spec = new KubePodSpec
            {
                NodeName = node.Name,
                ServiceAccountName = spec.ServiceAccount,
                Containers =
                [
                    new KubeContainer
                    {
                        Name = "main",
                        Image = "lab",
                        Ports = spec.Ports.Count == 0 ? null : spec.Ports.Select(p => new KubeContainerPort { Name = p.Name, ContainerPort = p.Port, Protocol = p.Protocol }).ToList(),
                    },
                ],
            },
        };
        existing.Add(Decoded(pod, ResourceKinds.KubePod));
        await store.WriteAsync(existing, WriteMode.Apply, new WriteOptions(), ct).ConfigureAwait(false);
    }

    private static DecodedResource Decoded(Resource resource, ResourceKind kind)
    {
        resource.ApiVersion = kind.ApiVersion;
        resource.Kind = kind.Kind;
        return new DecodedResource(resource, kind, "calico-lab pod add", 1);
    }

    private async Task CleanUpAsync(LabPod pod, LabNode node, CancellationToken ct)
    {
        await new CniInvoker(pluginDirectory).InvokeAsync("DEL", node.CniConfigPath, node.Namespace, pod.ContainerId,
            NetworkNamespaces.PathOf(pod.NetworkNamespace), KubernetesArgs(pod), ct).ConfigureAwait(false);
        await NetworkNamespaces.DeleteAsync(pod.NetworkNamespace).ConfigureAwait(false);
        await using var datastore = await OpenAsync(ct).ConfigureAwait(false);
        await new ResourceStore(datastore, TimeProvider.System).DeleteAsync([new DeleteRequest(ResourceKinds.KubePod, pod.Namespace, pod.Name)], skipNotExisting: true, ct).ConfigureAwait(false);
        directory.DeletePod(pod.Namespace, pod.Name);
    }

    private ValueTask<IDatastore> OpenAsync(CancellationToken ct) =>
        Calico.Lab.ControlPlane.LabDatastoreAccess.OpenAsync(state, ct);
}
