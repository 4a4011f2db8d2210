using System.Globalization;
using System.Text.Json.Serialization;
using Calico.Api.Serialization;

namespace Calico.Api.Values;

/// <summary>A rule protocol: a name (TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite) or a number 1-255.</summary>
[JsonConverter(typeof(ProtocolJsonConverter))]
public readonly record struct Protocol
{
    private static readonly string[] Names = ["TCP", "UDP", "ICMP", "ICMPv6", "SCTP", "UDPLite"];

    private Protocol(string? name, int number)
    {
        NameOrNull = name;
        NumberOrZero = number;
    }

    public string? NameOrNull { get; }

    public int NumberOrZero { get; }

    public static Protocol Tcp { get; } = new("TCP", 0);

    public static Protocol Udp { get; } = new("UDP", 0);

    public static Protocol Sctp { get; } = new("SCTP", 0);

    public static Protocol FromNumber(int number) => new(null, number);

    public static bool TryParse(string text, out Protocol protocol, out string? error)
    {
        error = null;
        foreach (var name in Names)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                protocol = new Protocol(name, 0);
                return true;
            }
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return TryFromNumber(number, out protocol, out error);
        }

        protocol = default;
        error = $"protocol \"{text}\" is not one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1-255";
        return false;
    }

    public static bool TryFromNumber(int number, out Protocol protocol, out string? error)
    {
        protocol = default;
        if (number is < 1 or > 255)
        {
            error = $"protocol number {number} is out of range (1-255)";
            return false;
        }

        error = null;
        protocol = new Protocol(null, number);
        return true;
    }

    /// <summary>The IANA protocol number.</summary>
    public int Number => NameOrNull switch
    {
        "TCP" => 6,
        "UDP" => 17,
        "ICMP" => 1,
        "ICMPv6" => 58,
        "SCTP" => 132,
        "UDPLite" => 136,
        _ => NumberOrZero,
    };

    /// <summary>True for TCP, UDP and SCTP (by name or number): the protocols that have ports.</summary>
    public bool SupportsPorts => Number is 6 or 17 or 132;

    public override string ToString() => NameOrNull ?? NumberOrZero.ToString(CultureInfo.InvariantCulture);
}
