using System.Text.Json;
using System.Text.Json.Serialization;
using Calico.Api.Values;

namespace Calico.Api.Serialization;

internal sealed class ProtocolJsonConverter : JsonConverter<Protocol>
{
    public override Protocol Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? error;
        Protocol protocol;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt32(out var number) && Protocol.TryFromNumber(number, out protocol, out error))
            {
                return protocol;
            }

            throw new JsonException("a protocol number must be from 1 to 255");
        }

        if (reader.TokenType == JsonTokenType.String && Protocol.TryParse(reader.GetString()!, out protocol, out error))
        {
            return protocol;
        }

        throw new JsonException(reader.TokenType == JsonTokenType.String
            ? $"protocol \"{reader.GetString()}\" is not one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1-255"
            : "a protocol must be a name or a number");
    }

    public override void Write(Utf8JsonWriter writer, Protocol value, JsonSerializerOptions options)
    {
        if (value.NameOrNull is { } name)
        {
            writer.WriteStringValue(name);
        }
        else
        {
            writer.WriteNumberValue(value.NumberOrZero);
        }
    }
}
