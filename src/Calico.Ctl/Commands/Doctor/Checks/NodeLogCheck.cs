namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>
/// The seed's "logs --tail=100: Felix, CNI, BGP, or dataplane errors": in a lab, warnings and errors in the last
/// <see cref="TailLines"/> lines of each node's calico-node log that are at most <see cref="Window"/> old, one finding
/// per node, the same message counted once.
/// </summary>
internal sealed class NodeLogCheck : IDoctorCheck
{
    /// <summary>How many of the log's last lines are read.</summary>
    public const int TailLines = 500;

    /// <summary>How old a line may be and still count as recent.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private const int MaxEvidence = 8;

    public string Name => "logs";

    public async ValueTask<DoctorCheckResult> RunAsync(DoctorInputs inputs, CancellationToken ct)
    {
        if (inputs.Lab is not { } lab)
        {
            return DoctorCheckResult.Skip("calico-node logs: not in a lab, the nodes' logs cannot be read from here");
        }

        var since = inputs.Time.GetLocalNow().DateTime - Window;
        var findings = new List<DoctorFinding>();
        foreach (var node in lab.Nodes)
        {
            var file = lab.LogFile(node.Name);
            if (!File.Exists(file))
            {
                continue;
            }

            var lines = (await File.ReadAllLinesAsync(file, ct).ConfigureAwait(false)).TakeLast(TailLines);
            var problems = LogProblemReader.Read(lines, since);
            if (problems.Count == 0)
            {
                continue;
            }

            var distinct = problems.GroupBy(p => (p.Level, p.Category, p.Message)).Select(g => (Problem: g.Last(), Count: g.Count())).OrderBy(p => p.Problem.Time).ToList();
            var evidence = distinct.TakeLast(MaxEvidence)
                .Select(p => $"{node.Name}: {p.Problem.Time:HH:mm:ss} {p.Problem.Level}: {p.Problem.Category}: {p.Problem.Message}{(p.Count > 1 ? $" (×{p.Count})" : string.Empty)}")
                .ToList();
            if (distinct.Count > MaxEvidence)
            {
                evidence.Insert(0, $"{node.Name}: {distinct.Count - MaxEvidence} more distinct problems before these");
            }

            var components = string.Join(", ", distinct.Select(p => p.Problem.Component).Distinct(StringComparer.Ordinal));
            var severity = problems.Any(p => p.Level is "fail" or "crit") ? FindingSeverity.Failure : FindingSeverity.Warning;
            findings.Add(new DoctorFinding(
                severity,
                $"{components} {(severity == FindingSeverity.Failure ? "errors" : "warnings")} in the recent log of node {node.Name}",
                evidence,
                $"calico-lab logs {node.Name} --tail 200"));
        }

        return new DoctorCheckResult(findings);
    }
}
