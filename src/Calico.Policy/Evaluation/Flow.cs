using System.Globalization;

namespace Calico.Policy.Evaluation;

/// <summary>
/// A packet (the first of a connection) to evaluate: source, destination, protocol, ports and ICMP
/// type/code. Build one with <see cref="Tcp"/>, <see cref="Udp"/>, <see cref="Sctp"/>, <see cref="Icmp"/>
/// or an object initializer.
/// </summary>
public sealed record Flow
{
    /// <summary>Where the packet comes from.</summary>
    public required FlowPeer Source { get; init; }

    /// <summary>Where it goes.</summary>
    public required FlowPeer Destination { get; init; }

    /// <summary>The IANA protocol number (see <see cref="ProtocolNames"/>).</summary>
    public required int Protocol { get; init; }

    /// <summary>The destination port (TCP, UDP, SCTP).</summary>
    public int? DestinationPort { get; init; }

    /// <summary>
    /// The source port, or null for "some ephemeral port": then a rule's source <c>ports</c> do not match
    /// and its source <c>notPorts</c> do not exclude the packet.
    /// </summary>
    public int? SourcePort { get; init; }

    /// <summary>The ICMP or ICMPv6 type.</summary>
    public int? IcmpType { get; init; }

    /// <summary>The ICMP or ICMPv6 code.</summary>
    public int? IcmpCode { get; init; }

    /// <summary>4 or 6; when null, taken from a bare address peer, else 4.</summary>
    public int? IpVersion { get; init; }

    /// <summary>A TCP packet to <paramref name="port"/>.</summary>
    public static Flow Tcp(FlowPeer source, FlowPeer destination, int port) =>
        new() { Source = source, Destination = destination, Protocol = ProtocolNames.Tcp, DestinationPort = port };

    /// <summary>A UDP packet to <paramref name="port"/>.</summary>
    public static Flow Udp(FlowPeer source, FlowPeer destination, int port) =>
        new() { Source = source, Destination = destination, Protocol = ProtocolNames.Udp, DestinationPort = port };

    /// <summary>An SCTP packet to <paramref name="port"/>.</summary>
    public static Flow Sctp(FlowPeer source, FlowPeer destination, int port) =>
        new() { Source = source, Destination = destination, Protocol = ProtocolNames.Sctp, DestinationPort = port };

    /// <summary>An ICMP (IPv4) packet, by default an echo request (type 8, code 0).</summary>
    public static Flow Icmp(FlowPeer source, FlowPeer destination, int type = 8, int code = 0) =>
        new() { Source = source, Destination = destination, Protocol = ProtocolNames.Icmp, IcmpType = type, IcmpCode = code, IpVersion = 4 };

    /// <summary>An ICMPv6 packet, by default an echo request (type 128, code 0).</summary>
    public static Flow IcmpV6(FlowPeer source, FlowPeer destination, int type = 128, int code = 0) =>
        new() { Source = source, Destination = destination, Protocol = ProtocolNames.IcmpV6, IcmpType = type, IcmpCode = code, IpVersion = 6 };

    /// <summary>E.g. <c>TCP x/a -&gt; y/b:80</c> or <c>ICMP x/a -&gt; 10.0.0.1 type 8 code 0</c>.</summary>
    public override string ToString()
    {
        var text = $"{ProtocolNames.Of(Protocol)} {Source} -> {Destination}";
        if (DestinationPort is { } port)
        {
            text += ":" + port.ToString(CultureInfo.InvariantCulture);
        }

        if (IcmpType is { } type)
        {
            text += $" type {type}" + (IcmpCode is { } code ? $" code {code}" : string.Empty);
        }

        return text;
    }
}
