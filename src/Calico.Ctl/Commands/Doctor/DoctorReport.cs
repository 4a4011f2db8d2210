using System.Text.Json.Nodes;

namespace Calico.Ctl.Commands.Doctor;

/// <summary>What doctor found, by check in the order the checks ran, and the checks it could not run here.</summary>
internal sealed record DoctorReport(IReadOnlyList<(string Check, DoctorFinding Finding)> Findings, IReadOnlyList<string> Skipped)
{
    /// <summary>True when nothing is wrong (exit code 0).</summary>
    public bool IsClean => Findings.Count == 0;

    /// <summary>
    /// The text form: per check a heading, then each finding as <c>[FAIL] title</c> or <c>[WARN] title</c> with its
    /// evidence indented and <c>next: COMMAND</c>; a summary line at the end. Nothing at all when clean.
    /// </summary>
    public async Task WriteTextAsync(TextWriter output)
    {
        foreach (var group in Findings.GroupBy(f => f.Check, StringComparer.Ordinal))
        {
            await output.WriteLineAsync(group.Key).ConfigureAwait(false);
            foreach (var (_, finding) in group)
            {
                await output.WriteLineAsync($"  {(finding.Severity == FindingSeverity.Failure ? "[FAIL]" : "[WARN]")} {finding.Title}").ConfigureAwait(false);
                foreach (var line in finding.Evidence)
                {
                    await output.WriteLineAsync($"         {line}").ConfigureAwait(false);
                }

                await output.WriteLineAsync($"         next: {finding.Next}").ConfigureAwait(false);
            }

            await output.WriteLineAsync().ConfigureAwait(false);
        }

        if (!IsClean)
        {
            var failures = Findings.Count(f => f.Finding.Severity == FindingSeverity.Failure);
            await output.WriteLineAsync($"{failures} failure(s), {Findings.Count - failures} warning(s).").ConfigureAwait(false);
        }
    }

    /// <summary>The JSON form: <c>{"findings":[{"check","severity","title","evidence":[…],"next"}],"skipped":[…]}</c>.</summary>
    public string ToJson()
    {
        var findings = new JsonArray();
        foreach (var (check, finding) in Findings)
        {
            findings.Add((JsonNode)new JsonObject
            {
                ["check"] = check,
                ["severity"] = finding.Severity == FindingSeverity.Failure ? "fail" : "warn",
                ["title"] = finding.Title,
                ["evidence"] = new JsonArray([.. finding.Evidence.Select(e => (JsonNode?)JsonValue.Create(e))]),
                ["next"] = finding.Next,
            });
        }

        var root = new JsonObject
        {
            ["findings"] = findings,
            ["skipped"] = new JsonArray([.. Skipped.Select(s => (JsonNode?)JsonValue.Create(s))]),
        };
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
