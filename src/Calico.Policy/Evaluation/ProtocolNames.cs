using System.Globalization;

namespace Calico.Policy.Evaluation;

/// <summary>IANA protocol numbers and the names Calico uses for them.</summary>
public static class ProtocolNames
{
    /// <summary>TCP (6).</summary>
    public const int Tcp = 6;

    /// <summary>UDP (17).</summary>
    public const int Udp = 17;

    /// <summary>ICMP (1).</summary>
    public const int Icmp = 1;

    /// <summary>ICMPv6 (58).</summary>
    public const int IcmpV6 = 58;

    /// <summary>SCTP (132).</summary>
    public const int Sctp = 132;

    /// <summary>UDPLite (136).</summary>
    public const int UdpLite = 136;

    /// <summary>Calico's name for a protocol number (<c>TCP</c>, <c>ICMPv6</c>…), or the number.</summary>
    public static string Of(int number) => number switch
    {
        Tcp => "TCP",
        Udp => "UDP",
        Icmp => "ICMP",
        IcmpV6 => "ICMPv6",
        Sctp => "SCTP",
        UdpLite => "UDPLite",
        _ => number.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Parses a protocol name (any case) or a number 1-255.</summary>
    public static bool TryParse(string text, out int number)
    {
        ArgumentNullException.ThrowIfNull(text);
        number = text.ToUpperInvariant() switch
        {
            "TCP" => Tcp,
            "UDP" => Udp,
            "ICMP" => Icmp,
            "ICMPV6" => IcmpV6,
            "SCTP" => Sctp,
            "UDPLITE" => UdpLite,
            _ => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 255 ? n : 0,
        };
        return number != 0;
    }
}
