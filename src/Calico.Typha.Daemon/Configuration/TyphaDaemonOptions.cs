using Calico.Typha.Server;
using Microsoft.Extensions.Logging;

namespace Calico.Typha.Daemon.Configuration;

/// <summary>calico-typha's settings, from TYPHA_* variables (the datastore's come from DATASTORE_TYPE etc., as calico-node's).</summary>
public sealed record TyphaDaemonOptions
{
    public required TyphaServerOptions Server { get; init; }

    public bool HealthEnabled { get; init; } = true;

    public string HealthHost { get; init; } = "localhost";

    public int HealthPort { get; init; } = 9098;

    public bool MetricsEnabled { get; init; }

    public string MetricsHost { get; init; } = "0.0.0.0";

    public int MetricsPort { get; init; } = 9093;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;
}
