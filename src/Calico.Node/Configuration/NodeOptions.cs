using Microsoft.Extensions.Logging;

namespace Calico.Node.Configuration;

/// <summary>calico-node's settings, from the environment variables Calico uses.</summary>
public sealed record NodeOptions
{
    public required string NodeName { get; init; }

    public bool HealthEnabled { get; init; } = true;

    public string HealthHost { get; init; } = "localhost";

    public int HealthPort { get; init; } = 9099;

    public bool MetricsEnabled { get; init; }

    public string MetricsHost { get; init; } = "0.0.0.0";

    public int MetricsPort { get; init; } = 9091;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>FELIX_USEINTERNALDATAPLANEDRIVER: program this node's kernel (nftables, routes). False runs the calculation graph only.</summary>
    public bool UseInternalDataplaneDriver { get; init; } = true;

    /// <summary>
    /// FELIX_ALLOWINITIALNETWORKNAMESPACE: allow programming the machine's initial network namespace. Off by default, so
    /// that on a development or lab machine calico-node only ever programs a namespace made for it (a lab node).
    /// </summary>
    public bool AllowInitialNetworkNamespace { get; init; }

    /// <summary>FELIX_NFTABLESREFRESHINTERVAL (seconds): how often the table and routes are re-read and repaired.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(30);
}
