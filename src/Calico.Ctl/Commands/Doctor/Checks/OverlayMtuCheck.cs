using System.Text.Json.Nodes;
using Calico.Ctl.Commands.Doctor.Lab;

namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>
/// An MTU mismatch on the VXLAN overlay (lab, vxlan mode): VXLAN adds 50 bytes, so vxlan.calico, the CNI conflist's
/// <c>mtu</c> and every pod's eth0 must be at most the node's underlay MTU (eth0) − 50; larger packets are dropped
/// or fragmented between nodes while small ones (pings) pass.
/// </summary>
internal sealed class OverlayMtuCheck : IDoctorCheck
{
    /// <summary>The VXLAN header overhead on IPv4.</summary>
    public const int VxlanOverhead = 50;

    public string Name => "mtu";

    public async ValueTask<DoctorCheckResult> RunAsync(DoctorInputs inputs, CancellationToken ct)
    {
        if (inputs.Lab is not { } lab)
        {
            return DoctorCheckResult.Skip("overlay MTU: not in a lab, the nodes' and pods' interfaces cannot be read from here");
        }

        if (lab.IsBgp)
        {
            return DoctorCheckResult.NotApplicable;
        }

        var findings = new List<DoctorFinding>();
        foreach (var node in lab.Nodes)
        {
            if (await IpJson.MtuAsync(node.Namespace, "eth0", ct).ConfigureAwait(false) is not { } underlay)
            {
                continue;
            }

            var limit = underlay - VxlanOverhead;
            var evidence = new List<string>();
            if (await IpJson.MtuAsync(node.Namespace, "vxlan.calico", ct).ConfigureAwait(false) is { } vxlan && vxlan > limit)
            {
                evidence.Add($"node {node.Name}: vxlan.calico MTU {vxlan} > underlay eth0 MTU {underlay} − {VxlanOverhead} = {limit}");
            }

            if (await ConflistMtuAsync(node.CniConfigPath, ct).ConfigureAwait(false) is { } cni && cni > limit)
            {
                evidence.Add($"node {node.Name}: CNI config {node.CniConfigPath} has mtu {cni} > {limit}");
            }

            foreach (var pod in lab.Pods.Where(p => string.Equals(p.Node, node.Name, StringComparison.Ordinal)))
            {
                if (await IpJson.MtuAsync(pod.NetworkNamespace, "eth0", ct).ConfigureAwait(false) is { } mtu && mtu > limit)
                {
                    evidence.Add($"pod {pod.Key} on node {node.Name}: eth0 MTU {mtu} > underlay eth0 MTU {underlay} − {VxlanOverhead} = {limit}");
                }
            }

            if (evidence.Count > 0)
            {
                findings.Add(new DoctorFinding(
                    FindingSeverity.Failure,
                    $"MTU mismatch on the VXLAN overlay on node {node.Name}",
                    evidence,
                    $"ip -n {node.Namespace} link show vxlan.calico; calico-lab exec <pod> -- ip link show eth0 (pods must use MTU {limit})"));
            }
        }

        return new DoctorCheckResult(findings);
    }

    private static async ValueTask<int?> ConflistMtuAsync(string path, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return null;
        }

        var conflist = JsonNode.Parse(await File.ReadAllTextAsync(path, ct).ConfigureAwait(false));
        foreach (var plugin in conflist?["plugins"]?.AsArray() ?? [])
        {
            if (plugin?["mtu"] is JsonValue value && value.TryGetValue<int>(out var mtu))
            {
                return mtu;
            }
        }

        return null;
    }
}
