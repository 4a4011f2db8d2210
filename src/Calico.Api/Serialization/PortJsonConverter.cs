using System.Text.Json;
using System.Text.Json.Serialization;
using Calico.Api.Values;

namespace Calico.Api.Serialization;

internal sealed class PortJsonConverter : JsonConverter<Port>
{
    public override Port Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetInt32(out var number) || number is < 0 or > 65535)
            {
                throw new JsonException("a port number must be from 0 to 65535");
            }

            return Port.Single(number);
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("a port must be a number, a range \"MIN:MAX\" or a port name");
        }

        return Port.TryParse(reader.GetString()!, out var port, out var error) ? port : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, Port value, JsonSerializerOptions options)
    {
        if (value.IsNamed || value.IsRange)
        {
            writer.WriteStringValue(value.ToString());
        }
        else
        {
            writer.WriteNumberValue(value.Min);
        }
    }
}
