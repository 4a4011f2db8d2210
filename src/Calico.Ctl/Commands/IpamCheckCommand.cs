using System.CommandLine;
using Calico.Ipam;

namespace Calico.Ctl.Commands;

/// <summary>
/// ipam check: cross-checks IPAM against WorkloadEndpoints and Nodes, prints what it found and a summary, and with -o
/// writes the JSON report that <c>ipam release --from-report</c> consumes. Like Calico, it exits 0 even with findings.
/// </summary>
internal static class IpamCheckCommand
{
    private static readonly (IpamFindingKind Kind, string Scan, string Summary)[] Sections =
    [
        (IpamFindingKind.LeakedAllocation, "Scanning for IPs that are allocated but not actually in use...", "IPs that are allocated in IPAM but not actually in use"),
        (IpamFindingKind.AllocationOwnerMismatch, "Scanning for IPs used by a workload or node other than their handle's owner...", "IPs in use by a workload or node other than their handle's owner"),
        (IpamFindingKind.EndpointAddressNotAllocated, "Scanning for IPs that are in use by a workload or node but not allocated in IPAM...", "in-use IPs that are in IP pools but have no corresponding IPAM allocation"),
        (IpamFindingKind.DuplicateAllocation, "Scanning for IPs allocated more than once...", "IPs allocated in more than one block"),
        (IpamFindingKind.AddressWithMultipleOwners, "Scanning for IPs used by more than one workload or node...", "IPs with multiple owners"),
        (IpamFindingKind.HandleWithoutAllocation, "Scanning for IPAM handles with no matching IPs...", "handles with no matching IPs"),
        (IpamFindingKind.AllocationWithoutHandle, "Scanning for IPs with missing handle...", "handles mentioned in blocks with no matching handle resource"),
        (IpamFindingKind.HandleCountMismatch, "Scanning for handles whose counts differ from the blocks...", "handles whose counts differ from the blocks"),
        (IpamFindingKind.AffinityWithoutBlock, "Scanning for block affinities without a matching block...", "block affinities without a matching block"),
        (IpamFindingKind.BlockWithoutAffinity, "Scanning for blocks without a matching block affinity...", "blocks without a matching block affinity"),
    ];

    public static Command Create(CommandContext context)
    {
        var command = new Command("check", "Check the integrity of the IPAM data against workloads and nodes.");
        var output = new Option<string?>("--output", "-o") { Description = "Write the machine-readable report (JSON) to this file." };
        var config = CommonOptions.Config();
        command.Options.Add(output);
        command.Options.Add(config);
        command.Options.Add(new Option<bool>("--show-all-ips") { Description = "Accepted for compatibility (findings are always listed)." });
        command.Options.Add(new Option<bool>("--show-problem-ips") { Description = "Accepted for compatibility (findings are always listed)." });
        CommonOptions.AddCompatibility(command);
        command.SetAction((parsed, ct) => IpamCommand.RunAsync(context, parsed.GetValue(config), async ipam =>
        {
            var writer = context.Out;
            await writer.WriteLineAsync("Checking IPAM for inconsistencies...").ConfigureAwait(false);
            await writer.WriteLineAsync().ConfigureAwait(false);
            var report = await ipam.CheckAsync(ct).ConfigureAwait(false);
            await WriteAsync(writer, report).ConfigureAwait(false);
            if (parsed.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, report.ToJson() + "\n", ct).ConfigureAwait(false);
                await writer.WriteLineAsync($"Report written to {file}.").ConfigureAwait(false);
            }

            return 0;
        }, ct));
        return command;
    }

    private static async Task WriteAsync(TextWriter writer, IpamCheckReport report)
    {
        var counts = report.Counts;
        await writer.WriteLineAsync($"Found {counts.Blocks} IPAM blocks recording {counts.Allocations} allocations, {counts.Handles} handles and {counts.Affinities} block affinities.").ConfigureAwait(false);
        await writer.WriteLineAsync($"Found {counts.ActivePools} active IP pools.").ConfigureAwait(false);
        await writer.WriteLineAsync($"Found {counts.WorkloadAddresses} workload IPs and {counts.NodeAddresses} node tunnel IPs.").ConfigureAwait(false);
        await writer.WriteLineAsync($"Workloads and nodes are using {counts.InUseAddresses} IPs.").ConfigureAwait(false);
        await writer.WriteLineAsync().ConfigureAwait(false);
        foreach (var (kind, scan, summary) in Sections)
        {
            await writer.WriteLineAsync(scan).ConfigureAwait(false);
            var findings = report.Findings.Where(f => f.Kind == kind).ToList();
            foreach (var finding in findings)
            {
                await writer.WriteLineAsync($"  {finding.Message}").ConfigureAwait(false);
            }

            await writer.WriteLineAsync($"Found {findings.Count} {summary}.").ConfigureAwait(false);
        }

        await writer.WriteLineAsync().ConfigureAwait(false);
        var releasable = report.Findings.Count(f => f.IsReleasable);
        await writer.WriteLineAsync($"Check complete; found {report.Findings.Count} problems ({releasable} can be repaired with 'calicoctl ipam release --from-report').").ConfigureAwait(false);
    }
}
