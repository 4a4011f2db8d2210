using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Calico.Client.Syncing;
using Calico.Felix.Calc.Graph;
using Calico.Felix.Dataplane;
using Calico.Felix.Dataplane.Loop;
using Calico.Netlink;
using Calico.Nftables;
using Calico.Observability.Health;
using Microsoft.Extensions.Logging;

namespace Calico.Node.Felix;

/// <summary>
/// Felix inside calico-node: the sync source (datastore or Typha) feeding the calculation graph, and the dataplane loop
/// programming this node's network namespace (the namespace calico-node runs in) through libnftables (an nft process for
/// the table listings and whole-ruleset loads) and rtnetlink. Without the internal dataplane driver the graph still runs
/// and its batches are "programmed" into a <see cref="NoopTable"/>.
/// </summary>
internal sealed partial class FelixRunner(string nodeName, bool programKernel, TimeSpan refreshInterval, ISyncSource source, HealthAggregator health, Meter meter, ILoggerFactory loggers, TimeProvider time)
{
    public async Task RunAsync(CancellationToken ct)
    {
        if (!programKernel)
        {
            using var noop = new NoopTable();
            await RunAsync(noop, FelixManagers.Create(nodeName, noop, routes: null, loggers), tableExisted: true, ct).ConfigureAwait(false);
            return;
        }

        using var hostNamespace = NetworkNamespace.OpenCurrent();
        using var client = new LibNftablesClientFactory().Open(hostNamespace);
        var tableExisted = await TableExistsAsync(client, ct).ConfigureAwait(false);
        // Listings and whole-ruleset transactions run in a short-lived nft process, deltas in-process (see BulkClient).
        using var process = new NftCliClientFactory().Open(hostNamespace);
        var bulk = await UsableAsync(process, ct).ConfigureAwait(false);
        using var table = new NftablesTableFactory().Create(client, new NftablesTableOptions { Logger = loggers.CreateLogger("felix.nftables"), TimeProvider = time, BulkClient = bulk });
        using var routes = new RouteNetlinkFactory().Open(hostNamespace);
        await RunAsync(table, FelixManagers.Create(nodeName, table, routes, loggers), tableExisted, ct).ConfigureAwait(false);
    }

    private async Task RunAsync(ITable table, IReadOnlyList<IManager> managers, bool tableExisted, CancellationToken ct)
    {
        var status = new DataplaneStatus(health, meter);
        var dataplane = new DataplaneLoop(table, managers, status, new DataplaneLoopOptions { ResyncInterval = refreshInterval }, meter, loggers.CreateLogger("felix.dataplane"), time);
        if (!tableExisted)
        {
            // A fresh node: drop every cali* interface until the first full sync is programmed (fail closed).
            await dataplane.ProgramSkeletonAsync(ct).ConfigureAwait(false);
        }
        else if (table is not NoopTable)
        {
            LogKeepingTable(loggers.CreateLogger("felix"));
        }

        var batches = Channel.CreateUnbounded<DataplaneBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var graph = new CalculationGraph(nodeName);
        var calc = new CalcGraphLoop(source, graph, health, meter, loggers.CreateLogger("felix.calc"), time).RunAsync(batches.Writer, ct);
        var apply = dataplane.RunAsync(batches.Reader, ct);
        await Task.WhenAll(calc, apply).ConfigureAwait(false);
    }

    /// <summary>Asks for the names of the inet tables only: listing the table itself would print all of a restarted node's rules.</summary>
    private static async ValueTask<bool> TableExistsAsync(INftClient client, CancellationToken ct)
    {
        var tables = await client.RunAsync("list tables inet", NftOutputFlags.None, ct).ConfigureAwait(false);
        foreach (var line in tables.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(line, "table inet calico", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The nft process client, or null (libnftables then does the bulk work too) when no nft can be run here.</summary>
    private async ValueTask<INftClient?> UsableAsync(INftClient process, CancellationToken ct)
    {
        try
        {
            _ = await process.RunAsync("list tables inet", NftOutputFlags.None, ct).ConfigureAwait(false);
            return process;
        }
        catch (Exception e) when (e is NftablesException or System.ComponentModel.Win32Exception)
        {
            LogNoNftProcess(loggers.CreateLogger("felix"), e.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Cannot run the nft command ({Reason}): libnftables will load and list the whole table in-process, which keeps several hundred MB more memory at 100k endpoints")]
    private static partial void LogNoNftProcess(ILogger logger, string reason);

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Keeping the existing table inet calico in force until the first full sync replaces it")]
    private static partial void LogKeepingTable(ILogger logger);
}
