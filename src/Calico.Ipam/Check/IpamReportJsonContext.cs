using System.Text.Json.Serialization;

namespace Calico.Ipam.Check;

/// <summary>Source-generated JSON for check reports: camelCase, enums as strings, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(IpamCheckReport))]
internal sealed partial class IpamReportJsonContext : JsonSerializerContext
{
}
