using System.Diagnostics.CodeAnalysis;

namespace Calico.Nftables;

/// <summary>The name of an nftables table (family inet), valid for nft (see <see cref="IsValid"/>).</summary>
public readonly record struct TableName : IComparable<TableName>
{
    /// <summary>The one table Calico programs ("calico"; calico-features.md §4).</summary>
    public static readonly TableName Calico = new("calico");

    private readonly string? _value;

    public TableName(string value)
    {
        if (!IsValid(value, out var error))
        {
            throw new ArgumentException(error, nameof(value));
        }

        _value = value;
    }

    public string Value => _value ?? throw new InvalidOperationException("default(TableName) has no value");

    /// <summary>A letter, '_' or '.' first, then letters, digits, '_', '-' or '.'; at most 255 bytes.</summary>
    public static bool IsValid([NotNullWhen(true)] string? name, [NotNullWhen(false)] out string? error) =>
        NftIdentifier.IsValid("table", name, out error);

    public static implicit operator TableName(string value) => new(value);

    public int CompareTo(TableName other) => string.CompareOrdinal(_value, other._value);

    public override string ToString() => _value ?? string.Empty;
}
