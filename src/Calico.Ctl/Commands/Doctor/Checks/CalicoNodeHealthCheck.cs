using Calico.Ctl.Commands.Doctor.Lab;

namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>
/// The seed's "one healthy calico-node per node": in a lab, each node's calico-node must answer /liveness and
/// /readiness on 127.0.0.1:9099 inside the node's namespace with 200. Outside a lab the nodes cannot be reached.
/// </summary>
internal sealed class CalicoNodeHealthCheck : IDoctorCheck
{
    public string Name => "calico-node";

    public async ValueTask<DoctorCheckResult> RunAsync(DoctorInputs inputs, CancellationToken ct)
    {
        if (inputs.Lab is not { } lab)
        {
            return DoctorCheckResult.Skip("calico-node health: not in a lab, the nodes' 127.0.0.1:9099 cannot be reached from here (set CALICO_LAB_NAME, or run calico-lab env)");
        }

        var findings = new List<DoctorFinding>();
        foreach (var node in lab.Nodes)
        {
            var evidence = new List<string>();
            foreach (var path in (string[])["liveness", "readiness"])
            {
                var answer = await NamespaceHealthProbe.GetAsync(node.Namespace, path, ct).ConfigureAwait(false);
                if (answer is not { Status: 200 })
                {
                    evidence.Add(answer is { } a
                        ? $"{node.Name}: GET 127.0.0.1:9099/{path} in namespace {node.Namespace} answered {a.Status}: {OneLine(a.Body)}"
                        : $"{node.Name}: nothing answers on 127.0.0.1:9099/{path} in namespace {node.Namespace} (calico-node is not running)");
                }
            }

            if (evidence.Count > 0)
            {
                findings.Add(new DoctorFinding(
                    FindingSeverity.Failure,
                    $"calico-node is not live and ready on node {node.Name}",
                    evidence,
                    $"calico-lab logs {node.Name} --tail 50; calico-lab node start {node.Name}"));
            }
        }

        return new DoctorCheckResult(findings);
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
