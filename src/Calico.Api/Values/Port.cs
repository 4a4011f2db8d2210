using System.Globalization;
using System.Text.Json.Serialization;
using Calico.Api.Serialization;

namespace Calico.Api.Values;

/// <summary>A rule port: a number, a range "min:max", or a named port. JSON: a number or a string.</summary>
[JsonConverter(typeof(PortJsonConverter))]
public readonly record struct Port
{
    private Port(int min, int max, string? name)
    {
        Min = min;
        Max = max;
        Name = name;
    }

    public int Min { get; }

    public int Max { get; }

    /// <summary>The named port, or null for a numeric port or range.</summary>
    public string? Name { get; }

    public bool IsNamed => Name is not null;

    public bool IsRange => Name is null && Min != Max;

    public static Port Single(int port) => new(port, port, null);

    public static Port Range(int min, int max) => new(min, max, null);

    public static Port Named(string name) => new(0, 0, name);

    public static bool TryParse(string text, out Port port, out string? error)
    {
        port = default;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "a port cannot be empty";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            if (!TryNumber(text[..colon], out var min) || !TryNumber(text[(colon + 1)..], out var max))
            {
                error = $"port range \"{text}\" must be MIN:MAX with numbers 0 to 65535";
                return false;
            }

            if (min > max)
            {
                error = $"port range \"{text}\" has its minimum above its maximum";
                return false;
            }

            port = Range(min, max);
            return true;
        }

        if (char.IsAsciiDigit(text[0]))
        {
            if (!TryNumber(text, out var single))
            {
                error = $"port \"{text}\" must be a number from 0 to 65535";
                return false;
            }

            port = Single(single);
            return true;
        }

        if (!PortNames.IsValid(text))
        {
            error = $"port name \"{text}\" is invalid (lower-case letters, digits and '-', at most 15 characters, at least one letter)";
            return false;
        }

        port = Named(text);
        return true;
    }

    private static bool TryNumber(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 0 and <= 65535;

    public override string ToString() =>
        Name ?? (Min == Max ? Min.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Min}:{Max}"));
}
