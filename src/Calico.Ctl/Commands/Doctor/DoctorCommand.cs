using System.CommandLine;
using Calico.Ctl.Commands.Doctor.Checks;
using Calico.Ctl.Commands.Doctor.Lab;
using Calico.Ipam;

namespace Calico.Ctl.Commands.Doctor;

/// <summary>
/// doctor: the seed's health checks and troubleshooting flow as one command (docs/calicoctl.md, "doctor"). Each
/// <see cref="IDoctorCheck"/> runs in turn; findings are printed grouped by check with evidence and the next command.
/// Exit 0 and no output when nothing is wrong (<c>-v</c> prints one line then); exit 1 when anything is found.
/// Checks that need the nodes (health, logs, BGP, routes, MTU) run when calicoctl points at a calico-lab lab
/// (CALICO_LAB_NAME, CALICO_LAB_STATE_DIR from <c>calico-lab env</c>); otherwise they are listed as skipped on stderr.
/// </summary>
internal static class DoctorCommand
{
    /// <summary>The checks, in the order of the seed's flow: nodes, logs, BGP, pools, pods, policy, IPAM, MTU.</summary>
    public static IReadOnlyList<IDoctorCheck> Checks() =>
    [
        new CalicoNodeHealthCheck(),
        new NodeLogCheck(),
        new BgpPeerCheck(),
        new PoolOverlapCheck(),
        new PodEndpointCheck(),
        new GlobalPolicyShadowCheck(),
        new SelectorCheck(),
        new IpamLeakCheck(),
        new OverlayMtuCheck(),
    ];

    public static Command Create(CommandContext context)
    {
        var command = new Command("doctor", "Find what is wrong with the cluster: calico-node health, logs, BGP, pools, pods, policy, IPAM, MTU.");
        var output = new Option<string?>("--output", "-o") { Description = "text (default) or json." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print one line when nothing is wrong." };
        var config = CommonOptions.Config();
        command.Options.Add(output);
        command.Options.Add(verbose);
        command.Options.Add(config);
        CommonOptions.AddCompatibility(command);
        command.SetAction(async (parsed, ct) =>
        {
            var format = parsed.GetValue(output) ?? "text";
            if (format is not ("text" or "json"))
            {
                throw new CtlException($"--output \"{format}\" is not text or json");
            }

            await using var session = await context.OpenAsync(parsed.GetValue(config), ct).ConfigureAwait(false);
            var environment = context.Environment;
            var lab = LabView.Find(environment.Variables);
            var inputs = new DoctorInputs(session.Datastore, IpamClientFactory.Create(session.Datastore, environment.TimeProvider), lab, environment.Variables, environment.TimeProvider);
            var report = await RunAsync(Checks(), inputs, ct).ConfigureAwait(false);
            if (format == "json")
            {
                await context.Out.WriteLineAsync(report.ToJson()).ConfigureAwait(false);
                return report.IsClean ? 0 : 1;
            }

            foreach (var skipped in report.Skipped)
            {
                await environment.Stderr.WriteLineAsync($"doctor: skipped {skipped}").ConfigureAwait(false);
            }

            await report.WriteTextAsync(context.Out).ConfigureAwait(false);
            if (report.IsClean && parsed.GetValue(verbose))
            {
                await context.Out.WriteLineAsync($"doctor: no problems found ({(lab is null ? "datastore checks only" : $"lab {lab.Name}, {lab.Nodes.Count} node(s)")}).").ConfigureAwait(false);
            }

            return report.IsClean ? 0 : 1;
        });
        return command;
    }

    /// <summary>Runs every check; a check that fails to run becomes a warning naming it, so the others still run.</summary>
    public static async Task<DoctorReport> RunAsync(IReadOnlyList<IDoctorCheck> checks, DoctorInputs inputs, CancellationToken ct)
    {
        var findings = new List<(string, DoctorFinding)>();
        var skipped = new List<string>();
        foreach (var check in checks)
        {
            DoctorCheckResult result;
            try
            {
                result = await check.RunAsync(inputs, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                result = new DoctorCheckResult([new DoctorFinding(FindingSeverity.Warning, $"the {check.Name} check could not run", [$"{e.GetType().Name}: {e.Message}"], "calicoctl doctor -v (and report this)")]);
            }

            findings.AddRange(result.Findings.Select(f => (check.Name, f)));
            if (result.Skipped is { } reason)
            {
                skipped.Add(reason);
            }
        }

        return new DoctorReport(findings, skipped);
    }
}
