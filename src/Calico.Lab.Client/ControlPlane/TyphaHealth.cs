using System.Globalization;
using Calico.Lab.Metrics;
using Calico.Lab.Nodes;
using Calico.Lab.State;

namespace Calico.Lab.ControlPlane;

/// <summary>
/// Asks the lab's calico-typha, from inside the control-plane namespace (its health listens on that namespace's
/// 127.0.0.1, and the machine has no link into the lab): /readiness, and how many clients it serves
/// (<c>typha_connections_active</c> on its metrics port).
/// </summary>
public static class TyphaHealth
{
    public const string ConnectionsMetric = "typha_connections_active";

    /// <summary>/readiness's status and body, or null when nothing answers.</summary>
    public static Task<(int Status, string Body)?> ReadinessAsync(LabControlPlane controlPlane, TimeSpan timeout, CancellationToken ct = default)
    {
        var typha = TyphaOf(controlPlane);
        return NamespaceHttp.GetAsync(controlPlane.Namespace, new Uri($"http://127.0.0.1:{typha.HealthPort.ToString(CultureInfo.InvariantCulture)}/readiness"), timeout, ct);
    }

    /// <summary>The clients connected now, or null when the metrics do not answer or lack the gauge.</summary>
    public static async Task<long?> ConnectionsAsync(LabControlPlane controlPlane, TimeSpan timeout, CancellationToken ct = default)
    {
        var typha = TyphaOf(controlPlane);
        var uri = new Uri($"http://127.0.0.1:{typha.MetricsPort.ToString(CultureInfo.InvariantCulture)}/metrics");
        return await NamespaceHttp.GetAsync(controlPlane.Namespace, uri, timeout, ct).ConfigureAwait(false) is { Status: 200 } response
            ? PrometheusGauge.Highest(response.Body, ConnectionsMetric)
            : null;
    }

    private static LabTypha TyphaOf(LabControlPlane controlPlane)
    {
        ArgumentNullException.ThrowIfNull(controlPlane);
        return controlPlane.Typha ?? throw new LabException($"the control plane {controlPlane.Namespace} runs no Typha (calico-lab up --typha)");
    }
}
