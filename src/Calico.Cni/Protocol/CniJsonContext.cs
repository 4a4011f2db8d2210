using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Calico.Cni.Protocol;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(NetConf))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class CniJsonContext : JsonSerializerContext
{
}
