using System.Diagnostics.CodeAnalysis;

namespace Calico.Nftables;

/// <summary>
/// The key type of a set or map: one <see cref="SetKeyKind"/> or a concatenation of up to four
/// (<c>ipv4_addr . inet_proto . inet_service</c> for Felix's named-port sets).
/// </summary>
public readonly record struct SetKeyType
{
    private const int MaxParts = 4;

    /// <summary>Up to four kinds, one per byte, the first in the lowest byte.</summary>
    private readonly uint _packed;

    private SetKeyType(uint packed) => _packed = packed;

    public static SetKeyType Ipv4Address { get; } = Of(SetKeyKind.Ipv4Address);

    public static SetKeyType Ipv6Address { get; } = Of(SetKeyKind.Ipv6Address);

    public static SetKeyType IfName { get; } = Of(SetKeyKind.IfName);

    /// <summary><c>inet_proto . inet_service</c>.</summary>
    public static SetKeyType ProtocolPort { get; } = Of(SetKeyKind.InetProto, SetKeyKind.InetService);

    /// <summary><c>ipv4_addr . inet_proto . inet_service</c>: named ports (IP, protocol, port).</summary>
    public static SetKeyType Ipv4AddressProtocolPort { get; } = Of(SetKeyKind.Ipv4Address, SetKeyKind.InetProto, SetKeyKind.InetService);

    /// <summary><c>ipv6_addr . inet_proto . inet_service</c>.</summary>
    public static SetKeyType Ipv6AddressProtocolPort { get; } = Of(SetKeyKind.Ipv6Address, SetKeyKind.InetProto, SetKeyKind.InetService);

    public IReadOnlyList<SetKeyKind> Kinds
    {
        get
        {
            var kinds = new List<SetKeyKind>(MaxParts);
            for (var packed = _packed; packed != 0; packed >>= 8)
            {
                kinds.Add((SetKeyKind)(packed & 0xff));
            }

            return kinds;
        }
    }

    public bool IsConcatenation => _packed > 0xff;

    /// <summary>The kinds, one per byte (for compact storage in <see cref="SetElement"/>).</summary>
    internal uint Packed => _packed;

    internal static SetKeyType FromPacked(uint packed) => new(packed);

    /// <summary>A key type of the given kinds, concatenated in order.</summary>
    public static SetKeyType Of(params ReadOnlySpan<SetKeyKind> kinds)
    {
        if (kinds.Length is 0 or > MaxParts)
        {
            throw new ArgumentException($"a key type has 1 to {MaxParts} parts", nameof(kinds));
        }

        uint packed = 0;
        for (var i = kinds.Length - 1; i >= 0; i--)
        {
            if (!Enum.IsDefined(kinds[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(kinds), kinds[i], "unknown key kind");
            }

            packed = (packed << 8) | (byte)kinds[i];
        }

        return new SetKeyType(packed);
    }

    /// <summary>The concatenation of two key types (this one first).</summary>
    public SetKeyType Then(SetKeyType next)
    {
        var kinds = Kinds.Concat(next.Kinds).ToArray();
        return Of(kinds);
    }

    /// <summary>nft's spelling: <c>ipv4_addr . inet_proto . inet_service</c>.</summary>
    public override string ToString() => _packed == 0 ? string.Empty : string.Join(" . ", Kinds.Select(Name));

    internal static string Name(SetKeyKind kind) => kind switch
    {
        SetKeyKind.Ipv4Address => "ipv4_addr",
        SetKeyKind.Ipv6Address => "ipv6_addr",
        SetKeyKind.InetProto => "inet_proto",
        SetKeyKind.InetService => "inet_service",
        SetKeyKind.IfName => "ifname",
        SetKeyKind.Mark => "mark",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    internal static bool TryParseKind(string? name, [NotNullWhen(true)] out SetKeyKind? kind)
    {
        kind = name switch
        {
            "ipv4_addr" => SetKeyKind.Ipv4Address,
            "ipv6_addr" => SetKeyKind.Ipv6Address,
            "inet_proto" => SetKeyKind.InetProto,
            "inet_service" => SetKeyKind.InetService,
            "ifname" => SetKeyKind.IfName,
            "mark" => SetKeyKind.Mark,
            _ => null,
        };
        return kind is not null;
    }
}
