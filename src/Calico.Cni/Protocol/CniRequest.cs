namespace Calico.Cni.Protocol;

/// <summary>One plugin invocation: the CNI_* environment variables and the network configuration from stdin.</summary>
public sealed record CniRequest
{
    public required CniCommand Command { get; init; }

    public string ContainerId { get; init; } = string.Empty;

    /// <summary>The pod's network namespace path; empty on a DEL that the runtime sends after the namespace is gone.</summary>
    public string NetNs { get; init; } = string.Empty;

    public string IfName { get; init; } = "eth0";

    public IReadOnlyDictionary<string, string> Args { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> PluginPaths { get; init; } = [];

    public required NetConf Config { get; init; }

    /// <summary>The raw stdin, passed on unchanged to a delegated IPAM plugin.</summary>
    public string RawConfig { get; init; } = string.Empty;

    public string? KubernetesNamespace => Args.TryGetValue("K8S_POD_NAMESPACE", out var v) && v.Length > 0 ? v : null;

    public string? KubernetesPodName => Args.TryGetValue("K8S_POD_NAME", out var v) && v.Length > 0 ? v : null;
}
