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
}
