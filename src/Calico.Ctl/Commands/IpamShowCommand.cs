using System.CommandLine;
using System.Net;
using Calico.Ipam;

namespace Calico.Ctl.Commands;

/// <summary>ipam show: usage per pool (and block), or who holds one address.</summary>
internal static class IpamShowCommand
{
    private static readonly string[] Headers = ["GROUPING", "CIDR", "IPS TOTAL", "IPS IN USE", "IPS FREE"];

    public static Command Create(CommandContext context)
    {
        var command = new Command("show", "Show IP address usage per pool, or who holds an address.");
        var ip = new Option<string?>("--ip") { Description = "Show who holds this address." };
        var showBlocks = new Option<bool>("--show-blocks") { Description = "Also show each block's usage." };
        var config = CommonOptions.Config();
        command.Options.Add(ip);
        command.Options.Add(showBlocks);
        command.Options.Add(config);
        CommonOptions.AddCompatibility(command);
        command.SetAction((parsed, ct) => IpamCommand.RunAsync(context, parsed.GetValue(config), async ipam =>
        {
            if (parsed.GetValue(ip) is { } text)
            {
                await ShowAddressAsync(context.Out, ipam, IpamReleaseCommand.ParseAddress(text), ct).ConfigureAwait(false);
            }
            else
            {
                ShowUsage(context.Out, await ipam.GetUsageAsync(ct).ConfigureAwait(false), parsed.GetValue(showBlocks));
            }

            return 0;
        }, ct));
        return command;
    }

    private static async Task ShowAddressAsync(TextWriter output, IIpamClient ipam, IPAddress address, CancellationToken ct)
    {
        if (await ipam.GetAllocationAsync(address, ct).ConfigureAwait(false) is not { } allocation)
        {
            await output.WriteLineAsync($"IP {address} is not assigned").ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync($"IP {address} is in use").ConfigureAwait(false);
        await output.WriteLineAsync($"Handle ID: {allocation.HandleId ?? "<none>"}").ConfigureAwait(false);
        if (allocation.Attributes.Count == 0)
        {
            await output.WriteLineAsync("No attributes defined").ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync("Attributes:").ConfigureAwait(false);
            foreach (var (key, value) in allocation.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                await output.WriteLineAsync($"  {key}: {value}").ConfigureAwait(false);
            }
        }

        var affinity = allocation.BlockNode is { } node ? $"affine to node {node}" : "no affinity";
        await output.WriteLineAsync($"Block: {allocation.Block} ({affinity}{(allocation.Borrowed ? $"; borrowed by {allocation.Node}" : string.Empty)})").ConfigureAwait(false);
    }

    private static void ShowUsage(TextWriter output, IpamUsage usage, bool showBlocks)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var pool in usage.Pools)
        {
            rows.Add(["IP Pool", pool.Cidr.ToString(), IpamNumberFormat.Count(pool.Capacity), IpamNumberFormat.Share(pool.Allocated, pool.Capacity), IpamNumberFormat.Share(pool.Free, pool.Capacity)]);
            if (showBlocks)
            {
                rows.AddRange(pool.Blocks.Select(BlockRow));
            }
        }

        if (showBlocks)
        {
            rows.AddRange(usage.OrphanBlocks.Select(BlockRow));
        }

        IpamTableWriter.Write(output, Headers, rows, new HashSet<int> { 2 });
    }

    private static IReadOnlyList<string> BlockRow(BlockUsage block) =>
        ["Block", block.Cidr.ToString(), IpamNumberFormat.Count(block.Capacity), IpamNumberFormat.Share(block.Allocated, block.Capacity), IpamNumberFormat.Share(block.Free, block.Capacity)];
}
