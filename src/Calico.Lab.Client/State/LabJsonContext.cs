using System.Text.Json.Serialization;

namespace Calico.Lab.State;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LabState))]
[JsonSerializable(typeof(LabPod))]
internal sealed partial class LabJsonContext : JsonSerializerContext
{
}
