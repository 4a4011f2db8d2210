using Calico.Api;
using Calico.Api.Kubernetes;
using Calico.Api.Resources;

namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>
/// The seed's debugging step 1 ("Confirm the target Pod has an IP") and "calicoctl get workloadendpoints -A: Calico
/// view of Pod interfaces": every pod (the lab's pods and stored v1 Pods that are not hostNetwork) must have an
/// address and a WorkloadEndpoint.
/// </summary>
internal sealed class PodEndpointCheck : IDoctorCheck
{
    public string Name => "pods";

    public async ValueTask<DoctorCheckResult> RunAsync(DoctorInputs inputs, CancellationToken ct)
    {
        var endpoints = (await inputs.ListAsync<WorkloadEndpoint>(ResourceKinds.WorkloadEndpoint, ct).ConfigureAwait(false))
            .ToLookup(w => $"{w.Namespace}/{w.Spec.Pod ?? w.Spec.Workload}", StringComparer.Ordinal);

        // Pod key → (node, addresses): the lab's view first, then the stored Pods it does not know.
        var pods = new SortedDictionary<string, (string Node, IReadOnlyList<string> Addresses, string Source)>(StringComparer.Ordinal);
        foreach (var pod in inputs.Lab?.Pods ?? [])
        {
            pods[pod.Key] = (pod.Node, pod.Addresses, $"lab pod file pods/{pod.Namespace}_{pod.Name}.json");
        }

        foreach (var pod in await inputs.ListAsync<KubePod>(ResourceKinds.KubePod, ct).ConfigureAwait(false))
        {
            var key = $"{pod.Namespace}/{pod.Name}";
            if (pod.Spec.HostNetwork == true || pods.ContainsKey(key))
            {
                continue;
            }

            IReadOnlyList<string> addresses = pod.Status?.PodIps?.Select(p => p.Ip).OfType<string>().ToList() is { Count: > 0 } ips
                ? ips
                : pod.Status?.PodIp is { Length: > 0 } ip ? [ip] : [];
            pods[key] = (pod.Spec.NodeName ?? "?", addresses, "Pod resource");
        }

        var findings = new List<DoctorFinding>();
        foreach (var (key, (node, addresses, source)) in pods)
        {
            var ns = key[..key.IndexOf('/', StringComparison.Ordinal)];
            if (addresses.Count == 0)
            {
                findings.Add(new DoctorFinding(
                    FindingSeverity.Failure,
                    $"pod {key} has no IP address",
                    [$"pod {key} on node {node}: no address in its {source}"],
                    inputs.Lab is null ? $"calicoctl get workloadendpoints -n {ns}" : $"calico-lab logs {node} --tail 50; calico-lab pod del {key} and add it again"));
            }

            if (!endpoints.Contains(key))
            {
                findings.Add(new DoctorFinding(
                    FindingSeverity.Failure,
                    $"pod {key} has no WorkloadEndpoint",
                    [$"pod {key} on node {node} ({string.Join(", ", addresses)}) has no WorkloadEndpoint in namespace {ns}: Felix does not know its interface, so its traffic is dropped"],
                    $"calicoctl get workloadendpoints -n {ns}; then recreate the pod (CNI ADD writes the endpoint)"));
            }
        }

        return new DoctorCheckResult(findings);
    }
}
