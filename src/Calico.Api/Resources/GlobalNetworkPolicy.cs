using System.Text.Json.Serialization;
using Calico.Api.Values;

namespace Calico.Api.Resources;

public sealed class GlobalNetworkPolicy : Resource
{
    public GlobalNetworkPolicySpec Spec { get; set; } = new();
}

public sealed class GlobalNetworkPolicySpec
{
    public string? Tier { get; set; }

    public double? Order { get; set; }

    public string? Selector { get; set; }

    public List<PolicyType>? Types { get; set; }

    public List<Rule>? Ingress { get; set; }

    public List<Rule>? Egress { get; set; }

    public bool? DoNotTrack { get; set; }

    [JsonPropertyName("preDNAT")]
    public bool? PreDnat { get; set; }

    public bool? ApplyOnForward { get; set; }

    public string? ServiceAccountSelector { get; set; }

    public string? NamespaceSelector { get; set; }

    public List<string>? PerformanceHints { get; set; }
}
