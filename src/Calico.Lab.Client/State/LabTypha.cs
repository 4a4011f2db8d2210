using System.Text.Json.Serialization;

namespace Calico.Lab.State;

/// <summary>
/// The lab's calico-typha (up --typha): where it listens on the underlay, where its health and metrics are inside the
/// control-plane namespace, its log, the PID it runs as, and the exact environment it was started with (so a restart,
/// calico-lab typha start, runs it with the same configuration whatever the caller's environment is then).
/// </summary>
public sealed class LabTypha
{
    /// <summary>The control plane's underlay address Typha listens on (TYPHA_LISTENADDRESS), e.g. 198.18.0.2.</summary>
    public string ListenAddress { get; set; } = string.Empty;

    /// <summary>TYPHA_SERVERPORT (5473).</summary>
    public int Port { get; set; }

    /// <summary>TYPHA_HEALTHPORT on 127.0.0.1 inside the control-plane namespace (9098).</summary>
    public int HealthPort { get; set; }

    /// <summary>TYPHA_PROMETHEUSMETRICSPORT inside the control-plane namespace (9093).</summary>
    public int MetricsPort { get; set; }

    public string LogFile { get; set; } = string.Empty;

    /// <summary>NAME=VALUE, all Typha is started with (nothing else of the caller's environment reaches it).</summary>
    public List<string> Environment { get; set; } = [];

    /// <summary>The PID it was started with; null before it was started and after it was stopped.</summary>
    public int? Pid { get; set; }

    /// <summary>host:port, what every calico-node gets as FELIX_TYPHAADDR.</summary>
    [JsonIgnore]
    public string Endpoint => $"{ListenAddress}:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
