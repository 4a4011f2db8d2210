using System.Globalization;
using Calico.Policy.Evaluation;

namespace Calico.Policy.Reachability;

/// <summary>A connection attempt in a reachability matrix: a protocol and a destination port, e.g. <c>tcp/80</c>.</summary>
public sealed record Probe(int Protocol, int Port)
{
    /// <summary>TCP to <paramref name="port"/>.</summary>
    public static Probe Tcp(int port) => new(ProtocolNames.Tcp, port);

    /// <summary>UDP to <paramref name="port"/>.</summary>
    public static Probe Udp(int port) => new(ProtocolNames.Udp, port);

    /// <summary>SCTP to <paramref name="port"/>.</summary>
    public static Probe Sctp(int port) => new(ProtocolNames.Sctp, port);

    /// <summary>Parses <c>tcp/80</c>, <c>UDP/53</c>, <c>sctp/9000</c>.</summary>
    /// <exception cref="FormatException">The text is not PROTOCOL/PORT.</exception>
    public static Probe Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !ProtocolNames.TryParse(text[..slash], out var protocol)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > 65535)
        {
            throw new FormatException($"probe \"{text}\" is not PROTOCOL/PORT (e.g. tcp/80)");
        }

        return new Probe(protocol, port);
    }

    /// <summary>The flow this probe makes from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public Flow ToFlow(FlowPeer source, FlowPeer destination) =>
        new() { Source = source, Destination = destination, Protocol = Protocol, DestinationPort = Port };

    /// <summary><c>tcp/80</c>.</summary>
    public override string ToString() =>
        $"{ProtocolNames.Of(Protocol).ToLowerInvariant()}/{Port.ToString(CultureInfo.InvariantCulture)}";
}
