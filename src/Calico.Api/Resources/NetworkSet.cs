namespace Calico.Api.Resources;

public sealed class NetworkSet : Resource
{
    public NetworkSetSpec Spec { get; set; } = new();
}

/// <summary>The spec shared by NetworkSet and GlobalNetworkSet.</summary>
public sealed class NetworkSetSpec
{
    public List<string>? Nets { get; set; }
}
