namespace Calico.Api.Resources;

public sealed class KubeControllersConfiguration : Resource
{
    public KubeControllersConfigurationSpec Spec { get; set; } = new();

    public KubeControllersConfigurationStatus? Status { get; set; }
}

public sealed class KubeControllersConfigurationSpec
{
    public string? LogSeverityScreen { get; set; }

    public string? HealthChecks { get; set; }

    public string? EtcdV3CompactionPeriod { get; set; }

    public int? PrometheusMetricsPort { get; set; }

    public ControllersConfig? Controllers { get; set; }

    public bool? DebugProfilePort { get; set; }
}

public sealed class ControllersConfig
{
    public NodeControllerConfig? Node { get; set; }

    public ReconcilerConfig? Policy { get; set; }

    public ReconcilerConfig? WorkloadEndpoint { get; set; }

    public ReconcilerConfig? ServiceAccount { get; set; }

    public ReconcilerConfig? Namespace { get; set; }

    public LoadBalancerControllerConfig? LoadBalancer { get; set; }
}

public sealed class ReconcilerConfig
{
    public string? ReconcilerPeriod { get; set; }
}

public sealed class NodeControllerConfig
{
    public string? ReconcilerPeriod { get; set; }

    public string? SyncLabels { get; set; }

    public AutoHostEndpointConfig? HostEndpoint { get; set; }

    public string? LeakGracePeriod { get; set; }
}

public sealed class AutoHostEndpointConfig
{
    public string? AutoCreate { get; set; }

    public string? CreateDefaultHostEndpoint { get; set; }
}

public sealed class LoadBalancerControllerConfig
{
    public string? AssignIPs { get; set; }
}

public sealed class KubeControllersConfigurationStatus
{
    public KubeControllersConfigurationSpec? RunningConfig { get; set; }

    public SortedDictionary<string, string>? EnvironmentVars { get; set; }
}
