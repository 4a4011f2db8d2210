using System.Text.Json;
using System.Text.Json.Serialization;

namespace Calico.Api.Serialization;

/// <summary>Reads an enum from its exact, case-sensitive name (as Calico's validator does) and says which names are allowed.</summary>
internal class StrictEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (TryReadSpecial(text, out var special))
            {
                return special;
            }

            foreach (var name in Enum.GetNames<TEnum>())
            {
                if (string.Equals(name, text, StringComparison.Ordinal))
                {
                    return Enum.Parse<TEnum>(name);
                }
            }

            throw new JsonException($"\"{text}\" is not valid (expected {Expected()})");
        }

        throw new JsonException($"expected one of {Expected()}");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());

    protected virtual bool TryReadSpecial(string text, out TEnum value)
    {
        value = default;
        return false;
    }

    private static string Expected()
    {
        var names = Enum.GetNames<TEnum>();
        return names.Length == 1 ? names[0] : string.Join(", ", names[..^1]) + " or " + names[^1];
    }
}
