namespace Calico.Api.Resources;

public sealed class GlobalNetworkSet : Resource
{
    public NetworkSetSpec Spec { get; set; } = new();
}
