using System.CommandLine;
using System.Net;
using Calico.Ipam;

namespace Calico.Ctl.Commands;

/// <summary>ipam release --ip=ADDR, or --from-report=FILE (repairs exactly the report's releasable findings that are still true).</summary>
internal static class IpamReleaseCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("release", "Release an IP address, or the leaks listed in an 'ipam check' report.");
        var ip = new Option<string?>("--ip") { Description = "The IP address to release." };
        var fromReport = new Option<string?>("--from-report") { Description = "Release the leaked IPs, handles and affinities listed in this report (each is checked again first)." };
        var config = CommonOptions.Config();
        command.Options.Add(ip);
        command.Options.Add(fromReport);
        command.Options.Add(config);
        command.Options.Add(new Option<bool>("--force") { Description = "Accepted for compatibility (there is no datastore lock to override)." });
        CommonOptions.AddCompatibility(command);
        command.SetAction(async (parsed, ct) =>
        {
            var address = parsed.GetValue(ip);
            var report = parsed.GetValue(fromReport);
            if ((address is null) == (report is null))
            {
                throw new CtlException("ipam release: give either --ip=ADDR or --from-report=FILE");
            }

            // Read the report before touching the datastore, so a bad file changes nothing.
            var parsedReport = report is null ? null : await ReadReportAsync(report, ct).ConfigureAwait(false);
            var parsedAddress = address is null ? null : ParseAddress(address);
            return await IpamCommand.RunAsync(context, parsed.GetValue(config), async ipam => parsedReport is null
                ? await ReleaseAddressAsync(context.Out, ipam, parsedAddress!, ct).ConfigureAwait(false)
                : await ReleaseReportAsync(context.Out, ipam, parsedReport, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        });
        return command;
    }

    public static IPAddress ParseAddress(string text) =>
        IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal)
            ? address
            : throw new CtlException($"invalid IP address \"{text}\"");

    private static async Task<IpamCheckReport> ReadReportAsync(string file, CancellationToken ct)
    {
        var json = await File.ReadAllTextAsync(file, ct).ConfigureAwait(false);
        try
        {
            return IpamCheckReport.FromJson(json);
        }
        catch (IpamException e)
        {
            throw new CtlException($"{file}: {e.Message}");
        }
    }

    private static async Task<int> ReleaseAddressAsync(TextWriter output, IIpamClient ipam, IPAddress address, CancellationToken ct)
    {
        var result = await ipam.ReleaseIpsAsync([new IpReleaseRequest(address)], ct).ConfigureAwait(false);
        if (result.Released.Count == 0)
        {
            throw new CtlException($"IP address {address} is not assigned");
        }

        await output.WriteLineAsync($"Successfully released IP address {address}").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> ReleaseReportAsync(TextWriter output, IIpamClient ipam, IpamCheckReport report, CancellationToken ct)
    {
        var releasable = report.Findings.Count(f => f.IsReleasable);
        if (releasable == 0)
        {
            await output.WriteLineAsync("Report didn't contain any leaked IPs, handles or affinities to clean up.").ConfigureAwait(false);
        }

        var result = await ipam.ReleaseFromReportAsync(report, ct).ConfigureAwait(false);
        foreach (var finding in result.Released)
        {
            await output.WriteLineAsync($"Released: {finding.Message}").ConfigureAwait(false);
        }

        foreach (var skipped in result.Skipped)
        {
            await output.WriteLineAsync($"Skipped: {skipped.Finding.Message}: {skipped.Reason}").ConfigureAwait(false);
        }

        var ips = result.Released.Count(f => f.Kind == IpamFindingKind.LeakedAllocation);
        await output.WriteLineAsync($"Released {ips} IPs and repaired {result.Released.Count - ips} other problems; skipped {result.Skipped.Count}.").ConfigureAwait(false);
        return 0;
    }
}
