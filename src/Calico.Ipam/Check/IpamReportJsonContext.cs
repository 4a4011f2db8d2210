using System.Text.Encodings.Web;
using System.Text.Json;
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
    /// <summary>The same, writing quotes and non-ASCII text as themselves rather than \uXXXX (the report is read by people too).</summary>
    public static IpamReportJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter<IpamFindingKind>() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
