using Calico.Api.Serialization;
using Calico.Client.Configuration;
using Calico.Client.Store;
using Calico.Cni.Protocol;
using Calico.Cni.Workloads;
using Calico.Datastore;
using Calico.Ipam;

namespace Calico.Cni.Plugin;

/// <summary>
/// The process entry of both binaries (`calico` and `calico-ipam`, told apart by the name they were run as): read the
/// request, open the datastore with a bounded wait, run the command, print the result or CNI error JSON.
/// </summary>
public sealed class CniPluginHost(IReadOnlyDictionary<string, string?> environment, TextWriter stdout, TextWriter stderr, Func<IPodDataplane> dataplaneFactory)
{
    private readonly PhaseTimer _timer = new();

    public const string IpamPluginName = "calico-ipam";

    public async Task<int> RunAsync(string invokedAs, string stdin)
    {
        var version = CniVersions.Latest;
        try
        {
            var request = CniRequestReader.Read(environment, stdin);
            _timer.Mark("parse");
            version = request.Config.CniVersion ?? version;
            if (request.Command == CniCommand.Version)
            {
                await stdout.WriteAsync(CniResultJson.WriteVersion(CniVersions.Latest)).ConfigureAwait(false);
                return 0;
            }

            if (request.Command is CniCommand.Check && !CniVersions.SupportsCheck(version))
            {
                throw new CniException(CniErrorCode.IncompatibleVersion, $"CHECK is not defined for cniVersion {version} (it needs 0.4.0 or later)");
            }

            if (request.Command is CniCommand.Status or CniCommand.Gc)
            {
                return 0;
            }

            var timeout = TimeSpan.FromSeconds(request.Config.DatastoreTimeoutSeconds ?? 10);
            using var deadline = new CancellationTokenSource(timeout * 3);
            var result = await RunCommandAsync(invokedAs, request, timeout, deadline.Token).ConfigureAwait(false);
            _timer.Mark("close datastore");
            if (result is not null)
            {
                await stdout.WriteAsync(CniResultJson.Write(result, version)).ConfigureAwait(false);
            }

            if (string.Equals(request.Config.LogLevel, "debug", StringComparison.OrdinalIgnoreCase))
            {
                _timer.Mark("output");
                await LogAsync(request.Config.LogFilePath, $"{invokedAs} {request.Command.ToString().ToUpperInvariant()} {request.ContainerId}: {_timer}").ConfigureAwait(false);
            }

            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var error = Translate(e);
            await stdout.WriteAsync(CniResultJson.WriteError(error, version)).ConfigureAwait(false);
            await LogAsync(TryLogFile(stdin), $"{invokedAs}: {error.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>A log line goes to stderr (runtimes show it) and, when the config names one, to log_file_path.</summary>
    private async Task LogAsync(string? logFile, string line)
    {
        await stderr.WriteLineAsync(line).ConfigureAwait(false);
        if (string.IsNullOrEmpty(logFile))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
            var stamped = $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss.fff} [{Environment.ProcessId}] {line}{Environment.NewLine}";
            await File.AppendAllTextAsync(logFile, stamped).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"cannot write log_file_path {logFile}: {e.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>The log file of a config that may not have parsed.</summary>
    private static string? TryLogFile(string stdin)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(stdin, CniJsonContext.Default.NetConf)?.LogFilePath;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<CniResult?> RunCommandAsync(string invokedAs, CniRequest request, TimeSpan timeout, CancellationToken ct)
    {
        var node = NodeNameResolver.Resolve(request.Config.NodeName, request.Config.NodeNameFile,
            path => File.Exists(path) ? File.ReadAllText(path) : null, Environment.MachineName.ToString);
        var workload = WorkloadIdentity.From(node, request.KubernetesNamespace, request.KubernetesPodName, request.ContainerId, request.IfName, request.Config.Name ?? "k8s-pod-network");
        await using var datastore = await OpenDatastoreAsync(request.Config, timeout, ct).ConfigureAwait(false);
        _timer.Mark("open datastore");
        var ipamClient = IpamClientFactory.Create(datastore);
        var calicoIpam = new CalicoPodIpam(ipamClient, request.Config.Ipam);
        if (string.Equals(invokedAs, IpamPluginName, StringComparison.Ordinal))
        {
            var plugin = new CalicoIpamPlugin(calicoIpam);
            switch (request.Command)
            {
                case CniCommand.Add:
                    return await plugin.AddAsync(workload, ct).ConfigureAwait(false);
                case CniCommand.Del:
                    await plugin.DelAsync(workload, ct).ConfigureAwait(false);
                    return null;
                default:
                    await plugin.CheckAsync(request, workload, ct).ConfigureAwait(false);
                    return null;
            }
        }

        IPodIpam ipam = request.Config.Ipam?.Type is null or IpamPluginName ? calicoIpam : new DelegatedPodIpam(request, environment);
        var network = new CalicoNetworkPlugin(ipam, dataplaneFactory(), new WorkloadEndpointWriter(new ResourceStore(datastore, TimeProvider.System)), _timer);
        switch (request.Command)
        {
            case CniCommand.Add:
                return await network.AddAsync(request, workload, ct).ConfigureAwait(false);
            case CniCommand.Del:
                await network.DelAsync(request, workload, ct).ConfigureAwait(false);
                return null;
            default:
                await network.CheckAsync(request, workload, ct).ConfigureAwait(false);
                return null;
        }
    }

    /// <summary>
    /// The datastore the network configuration names (datastore_type sqlite with sqlite_path, or etcdv3 with
    /// etcd_endpoints and the etcd_*_file TLS files, as Calico's plugin has them), else the environment's
    /// DATASTORE_TYPE, SQLITE_PATH, ETCD_ENDPOINTS...
    /// </summary>
    private async ValueTask<IDatastore> OpenDatastoreAsync(NetConf config, TimeSpan timeout, CancellationToken ct)
    {
        var type = config.DatastoreType ?? Variable("DATASTORE_TYPE") ?? "sqlite";
        switch (type)
        {
            case "sqlite":
                var path = config.SqlitePath ?? Variable("SQLITE_PATH") ?? SqliteDatastoreOptions.DefaultPath;
                return await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = path, BusyTimeout = timeout }, ct).ConfigureAwait(false);
            case "etcdv3":
                var endpoints = config.EtcdEndpoints ?? Variable("ETCD_ENDPOINTS")
                    ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "datastore_type etcdv3 needs etcd_endpoints (e.g. \"http://10.0.0.1:2379\") in the network configuration or ETCD_ENDPOINTS");
                var etcd = new DatastoreConfig
                {
                    Type = DatastoreType.EtcdV3,
                    EtcdEndpoints = endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    EtcdKeyFile = config.EtcdKeyFile ?? Variable("ETCD_KEY_FILE"),
                    EtcdCertFile = config.EtcdCertFile ?? Variable("ETCD_CERT_FILE"),
                    EtcdCaCertFile = config.EtcdCaCertFile ?? Variable("ETCD_CA_CERT_FILE"),
                    Timeout = timeout,
                    Origin = "network configuration",
                };
                try
                {
                    return await DatastoreConnector.OpenAsync(etcd, ct).ConfigureAwait(false);
                }
                catch (DatastoreConfigException e)
                {
                    throw new CniException(CniErrorCode.InvalidNetworkConfig, e.Message);
                }

            default:
                throw new CniException(CniErrorCode.InvalidNetworkConfig, $"datastore_type \"{type}\" is not sqlite or etcdv3");
        }
    }

    private string? Variable(string name) => environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    private static CniException Translate(Exception e) => e switch
    {
        CniException cni => cni,
        IpamException ipam => CalicoPodIpam.ToCni(ipam),
        DatastoreUnavailableException unavailable => new CniException(CniErrorCode.DatastoreUnavailable, unavailable.Message),
        OperationCanceledException => new CniException(CniErrorCode.TryAgainLater, "the operation did not finish within its time limit (datastore_timeout_seconds × 3)"),
        ResourceInputException input => new CniException(CniErrorCode.IoFailure, $"writing the WorkloadEndpoint failed: {input.Message}"),
        DatastoreException store => new CniException(CniErrorCode.IoFailure, store.Message),
        _ => new CniException(CniErrorCode.IoFailure, $"{e.GetType().Name}: {e.Message}"),
    };
}
