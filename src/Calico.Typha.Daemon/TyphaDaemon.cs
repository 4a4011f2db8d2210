using System.Diagnostics.Metrics;
using Calico.Client.Configuration;
using Calico.Datastore;
using Calico.Observability.Health;
using Calico.Observability.Metrics;
using Calico.Observability.Status;
using Calico.Typha.Daemon.Configuration;
using Calico.Typha.Server;
using Microsoft.Extensions.Logging;

namespace Calico.Typha.Daemon;

/// <summary>calico-typha: one datastore follower fanned out to many calico-nodes, with health and metrics, until stopped.</summary>
public static partial class TyphaDaemon
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> environment, TextWriter stderr, CancellationToken ct)
    {
        TyphaDaemonOptions options;
        DatastoreConfig datastoreConfig;
        try
        {
            options = TyphaDaemonOptionsLoader.Load(environment);
            datastoreConfig = DatastoreConfigLoader.Load(configFile: null, environment);
        }
        catch (Exception e) when (e is TyphaConfigurationException or DatastoreConfigException)
        {
            await stderr.WriteLineAsync($"calico-typha: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff "; }).SetMinimumLevel(options.LogLevel));
        var logger = loggerFactory.CreateLogger("calico-typha");
        using var meter = new Meter("Calico.Typha");
        using var exporter = new PrometheusTextExporter();
        var health = new HealthAggregator(TimeProvider.System);
        await using var status = new StatusServer(health, exporter);
        try
        {
            if (options.HealthEnabled)
            {
                await status.StartHealthAsync(options.HealthHost, options.HealthPort, ct).ConfigureAwait(false);
            }

            if (options.MetricsEnabled)
            {
                await status.StartMetricsAsync(options.MetricsHost, options.MetricsPort, ct).ConfigureAwait(false);
            }
        }
        catch (IOException e)
        {
            await stderr.WriteLineAsync($"calico-typha: cannot serve health or metrics (TYPHA_HEALTHPORT={options.HealthPort}, TYPHA_PROMETHEUSMETRICSPORT={options.MetricsPort}): {e.Message}").ConfigureAwait(false);
            return 1;
        }

        IDatastore opened;
        try
        {
            opened = await DatastoreConnector.OpenAsync(datastoreConfig, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DatastoreException or DatastoreConfigException)
        {
            await stderr.WriteLineAsync($"calico-typha: cannot open the datastore (DATASTORE_TYPE {datastoreConfig.Type}, from {datastoreConfig.Origin}): {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using var datastore = opened;
        await using var server = new TyphaServer(datastore, options.Server, meter, loggerFactory, TimeProvider.System);
        try
        {
            await server.StartAsync(ct).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            await stderr.WriteLineAsync($"calico-typha: cannot listen on {options.Server.ListenAddress}:{options.Server.Port} (TYPHA_LISTENADDRESS, TYPHA_SERVERPORT): {e.Message}").ConfigureAwait(false);
            return 1;
        }

        LogStarting(logger, server.LocalEndPoint.ToString(), datastoreConfig.Origin, string.Join(", ", status.Addresses));
        try
        {
            await new TyphaHealthReporter(server, health).RunAsync(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            LogStopping(logger);
        }

        return 0;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "calico-typha serving on {Address}; datastore from {Origin}; health and metrics on {Addresses}")]
    private static partial void LogStarting(ILogger logger, string address, string origin, string addresses);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "calico-typha stopping")]
    private static partial void LogStopping(ILogger logger);
}
