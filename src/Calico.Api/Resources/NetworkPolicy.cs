using Calico.Api.Values;

namespace Calico.Api.Resources;

/// <summary>A namespaced Calico network policy.</summary>
public sealed class NetworkPolicy : Resource
{
    public NetworkPolicySpec Spec { get; set; } = new();
}

public sealed class NetworkPolicySpec
{
    public string? Tier { get; set; }

    public double? Order { get; set; }

    public string? Selector { get; set; }

    public List<PolicyType>? Types { get; set; }

    public List<Rule>? Ingress { get; set; }

    public List<Rule>? Egress { get; set; }

    public string? ServiceAccountSelector { get; set; }

    public List<string>? PerformanceHints { get; set; }
}
