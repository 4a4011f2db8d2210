using System.Text.Json.Serialization;
using Calico.Api.Values;

namespace Calico.Api.Resources;

public sealed class HostEndpoint : Resource
{
    public HostEndpointSpec Spec { get; set; } = new();
}

public sealed class HostEndpointSpec
{
    public string? Node { get; set; }

    public string? InterfaceName { get; set; }

    [JsonPropertyName("expectedIPs")]
    public List<string>? ExpectedIps { get; set; }

    public List<string>? Profiles { get; set; }

    public List<EndpointPort>? Ports { get; set; }
}
