using System.Diagnostics.Metrics;
using Calico.Client.Configuration;
using Calico.Client.Syncing;
using Calico.Datastore;
using Calico.Typha;
using Calico.Typha.Client;
using Calico.Node.Bgp;
using Calico.Node.Configuration;
using Calico.Observability.Health;
using Calico.Observability.Metrics;
using Calico.Node.Startup;
using Calico.Observability.Status;
using Calico.Node.Felix;
using Microsoft.Extensions.Logging;

namespace Calico.Node;

/// <summary>calico-node: Felix (datastore sync, calculation graph, nftables and route programming), health and metrics, until stopped.</summary>
public static partial class CalicoNode
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> environment, TextWriter stderr, CancellationToken ct)
    {
        NodeOptions options;
        DatastoreConfig datastoreConfig;
        try
        {
            options = NodeOptionsLoader.Load(environment, () => Environment.MachineName);
            datastoreConfig = DatastoreConfigLoader.Load(configFile: null, environment);
        }
        catch (Exception e) when (e is NodeConfigurationException or DatastoreConfigException)
        {
            await stderr.WriteLineAsync($"calico-node: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff "; }).SetMinimumLevel(options.LogLevel));
        var logger = loggerFactory.CreateLogger("calico-node");
        using var meter = new Meter("Calico.Felix");
        using var exporter = new PrometheusTextExporter();
        var health = new HealthAggregator(TimeProvider.System);
        await using var status = new StatusServer(health, exporter);
        if (options.HealthEnabled)
        {
            await status.StartHealthAsync(options.HealthHost, options.HealthPort, ct).ConfigureAwait(false);
        }

        if (options.MetricsEnabled)
        {
            await status.StartMetricsAsync(options.MetricsHost, options.MetricsPort, ct).ConfigureAwait(false);
        }

        if (options.UseInternalDataplaneDriver && !options.AllowInitialNetworkNamespace && InitialNetworkNamespace.IsCurrent())
        {
            await stderr.WriteLineAsync(
                "calico-node: refusing to program the machine's initial network namespace; run it inside a node's namespace "
                + "(calico-lab does), or set FELIX_ALLOWINITIALNETWORKNAMESPACE=true on a dedicated host, or FELIX_USEINTERNALDATAPLANEDRIVER=false "
                + "to compute without programming").ConfigureAwait(false);
            return 1;
        }

        LogStarting(logger, options.NodeName, datastoreConfig.Origin, options.TyphaAddresses.Count == 0 ? "the datastore" : $"Typha {string.Join(", ", options.TyphaAddresses)}", string.Join(", ", status.Addresses));
        await using var datastore = await DatastoreConnector.OpenAsync(datastoreConfig, ct).ConfigureAwait(false);
        using var registrar = NodeRegistrar.Open(options, datastore, loggerFactory, TimeProvider.System);
        try
        {
            await registrar.RegisterAsync(ct).ConfigureAwait(false);
        }
        catch (NodeRegistrationException e)
        {
            await stderr.WriteLineAsync($"calico-node: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        using var stopKeepingCurrent = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var keepCurrent = registrar.KeepCurrentAsync(stopKeepingCurrent.Token);
        try
        {
            var felix = new FelixRunner(options.NodeName, options.UseInternalDataplaneDriver, options.RefreshInterval, FelixSource(options, datastore, loggerFactory), health, meter, loggerFactory, TimeProvider.System).RunAsync(ct);

            // BIRD programs routes into the namespace it runs in: only where Felix programs the kernel too (never the
            // machine's own namespace unless explicitly allowed, see the guard above).
            var bgp = options.NetworkingBackend == NetworkingBackend.Bird && options.UseInternalDataplaneDriver
                ? new BirdRunner(options.NodeName, options.BirdPaths, options.BirdBinary, datastore, loggerFactory.CreateLogger("bgp")).RunAsync(ct)
                : Task.CompletedTask;
            await Task.WhenAll(felix, bgp).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            LogStopping(logger);
        }
        finally
        {
            await stopKeepingCurrent.CancelAsync().ConfigureAwait(false);
            await keepCurrent.ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Felix syncs from Typha when FELIX_TYPHAADDR is set, else from the datastore directly.</summary>
    private static ISyncSource FelixSource(NodeOptions options, IDatastore datastore, ILoggerFactory loggers) => options.TyphaAddresses.Count == 0
        ? new ResourceSyncer(datastore, FelixKinds.All)
        : new TyphaSyncSource(
            new TyphaClientOptions { Addresses = options.TyphaAddresses, Hostname = options.NodeName, Tls = options.TyphaTls, ReadTimeout = options.TyphaReadTimeout },
            SyncerType.Felix,
            loggers.CreateLogger("felix.typha"),
            TimeProvider.System);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "calico-node starting on node {Node}; datastore from {Origin}; Felix syncs from {Source}; serving {Addresses}")]
    private static partial void LogStarting(ILogger logger, string node, string origin, string source, string addresses);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "calico-node stopping")]
    private static partial void LogStopping(ILogger logger);
}
