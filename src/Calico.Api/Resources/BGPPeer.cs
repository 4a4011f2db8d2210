using System.Text.Json.Serialization;

namespace Calico.Api.Resources;

public sealed class BGPPeer : Resource
{
    public BGPPeerSpec Spec { get; set; } = new();
}

public sealed class BGPPeerSpec
{
    public string? Node { get; set; }

    public string? NodeSelector { get; set; }

    [JsonPropertyName("peerIP")]
    public string? PeerIp { get; set; }

    [JsonPropertyName("asNumber")]
    public long? AsNumber { get; set; }

    [JsonPropertyName("localASNumber")]
    public long? LocalAsNumber { get; set; }

    public string? PeerSelector { get; set; }

    public bool? KeepOriginalNextHop { get; set; }

    public string? NextHopMode { get; set; }

    public BgpPassword? Password { get; set; }

    public string? SourceAddress { get; set; }

    public string? MaxRestartTime { get; set; }

    public string? KeepaliveTime { get; set; }

    [JsonPropertyName("numAllowedLocalASNumbers")]
    public int? NumAllowedLocalAsNumbers { get; set; }

    public int? TtlSecurity { get; set; }

    public string? ReachableBy { get; set; }

    public List<string>? Filters { get; set; }

    public string? LocalWorkloadSelector { get; set; }

    public string? ReversePeering { get; set; }
}

public sealed class BgpPassword
{
    public SecretKeyRef? SecretKeyRef { get; set; }
}

public sealed class SecretKeyRef
{
    public string? Name { get; set; }

    public string? Key { get; set; }

    public bool? Optional { get; set; }
}
