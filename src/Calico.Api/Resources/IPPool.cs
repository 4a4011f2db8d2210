using System.Text.Json.Serialization;
using Calico.Api.Values;

namespace Calico.Api.Resources;

public sealed class IPPool : Resource
{
    public IPPoolSpec Spec { get; set; } = new();
}

public sealed class IPPoolSpec
{
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }

    [JsonPropertyName("vxlanMode")]
    public EncapMode? VxlanMode { get; set; }

    [JsonPropertyName("ipipMode")]
    public EncapMode? IpipMode { get; set; }

    public bool? NatOutgoing { get; set; }

    public bool? Disabled { get; set; }

    [JsonPropertyName("disableBGPExport")]
    public bool? DisableBgpExport { get; set; }

    public int? BlockSize { get; set; }

    public string? NodeSelector { get; set; }

    public string? NamespaceSelector { get; set; }

    public List<IPPoolAllowedUse>? AllowedUses { get; set; }

    public AssignmentMode? AssignmentMode { get; set; }
}
