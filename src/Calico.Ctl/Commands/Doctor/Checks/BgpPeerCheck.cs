using Calico.Bgp.Peers;

namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>
/// The seed's "calicoctl node status: all peers should be Established in BGP mode": every BGP session BIRD reports
/// must be up and Established. In a bgp-mode lab each node's BIRD socket is asked; outside a lab the socket
/// <c>calicoctl node status</c> reads (CALICO_BIRD_SOCKET or /var/run/calico/bird.ctl), when it exists.
/// </summary>
internal sealed class BgpPeerCheck : IDoctorCheck
{
    public string Name => "bgp";

    public async ValueTask<DoctorCheckResult> RunAsync(DoctorInputs inputs, CancellationToken ct)
    {
        var targets = new List<(string Node, string Socket)>();
        if (inputs.Lab is { } lab)
        {
            if (!lab.IsBgp)
            {
                return DoctorCheckResult.NotApplicable;
            }

            targets.AddRange(lab.Nodes.Select(n => (n.Name, lab.BirdSocket(n.Name))));
        }
        else
        {
            var socket = inputs.Variables.TryGetValue(NodeStatusCommand.SocketVariable, out var s) && !string.IsNullOrWhiteSpace(s) ? s : NodeStatusCommand.DefaultSocket;
            if (!File.Exists(socket))
            {
                return DoctorCheckResult.Skip($"BGP peers: no BIRD control socket at {socket} (not a BGP node, or set CALICO_BIRD_SOCKET)");
            }

            targets.Add(("this node", socket));
        }

        var findings = new List<DoctorFinding>();
        foreach (var (node, socket) in targets)
        {
            var protocols = await NodeStatusCommand.QueryAsync(socket, ct).ConfigureAwait(false);
            if (protocols is null)
            {
                findings.Add(new DoctorFinding(
                    FindingSeverity.Failure,
                    $"BIRD is not running on node {node}: its BGP sessions are down",
                    [$"{node}: nothing answers on BIRD's control socket {socket}"],
                    inputs.Lab is null ? "calicoctl node status" : $"calico-lab logs {node} --tail 50"));
                continue;
            }

            var down = new List<string>();
            foreach (var protocol in protocols.Where(p => p.IsBgp))
            {
                if (string.Equals(protocol.State, "up", StringComparison.Ordinal) && protocol.Info.StartsWith("Established", StringComparison.Ordinal))
                {
                    continue;
                }

                var peer = PeerName.TryParse(protocol.Name, out var parsed) ? $"{parsed.Value.Address} ({parsed.Value.DisplayType})" : protocol.Name;
                down.Add($"{node}: peer {peer} is {protocol.State}, {(protocol.Info.Length > 0 ? protocol.Info : "no info")} since {protocol.Since} (protocol {protocol.Name})");
            }

            if (down.Count > 0)
            {
                findings.Add(new DoctorFinding(
                    FindingSeverity.Failure,
                    $"BGP peers not Established on node {node}",
                    down,
                    inputs.Lab is null
                        ? "calicoctl node status"
                        : $"CALICO_BIRD_SOCKET={inputs.Lab.BirdSocket(node)} calicoctl node status (and check TCP 179 between the nodes)"));
            }
        }

        return new DoctorCheckResult(findings);
    }
}
