using System.Diagnostics.CodeAnalysis;

namespace Calico.Nftables;

/// <summary>The name of a set or a verdict map (they share one namespace) in table inet calico, valid for nft (see <see cref="IsValid"/>).</summary>
public readonly record struct SetName : IComparable<SetName>
{
    private readonly string? _value;

    public SetName(string value)
    {
        if (!IsValid(value, out var error))
        {
            throw new ArgumentException(error, nameof(value));
        }

        _value = value;
    }

    public string Value => _value ?? throw new InvalidOperationException("default(SetName) has no value");

    /// <summary>A letter, '_' or '.' first, then letters, digits, '_', '-' or '.'; at most 255 bytes.</summary>
    public static bool IsValid([NotNullWhen(true)] string? name, [NotNullWhen(false)] out string? error) =>
        NftIdentifier.IsValid("set", name, out error);

    public static implicit operator SetName(string value) => new(value);

    public int CompareTo(SetName other) => string.CompareOrdinal(_value, other._value);

    public override string ToString() => _value ?? string.Empty;
}
