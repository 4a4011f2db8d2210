using System.Net;
using Calico.Core;

namespace Calico.Policy.Snapshot;

/// <summary>
/// A FelixConfiguration failsafe port: traffic to (inbound) or from (outbound) a host endpoint with this
/// protocol and destination port is always allowed, before any policy. With a net, only when the remote
/// address is in it.
/// </summary>
public sealed record FailsafePort(int ProtocolNumber, int Port, Cidr? Net = null)
{
    /// <summary>True when a packet with this protocol, destination port and remote address is covered.</summary>
    public bool Covers(int protocolNumber, int? destinationPort, IPAddress remote) =>
        protocolNumber == ProtocolNumber && destinationPort == Port && (Net is not { } net || net.Contains(remote));

    /// <summary><c>tcp:22</c>, or <c>tcp:10.0.0.0/8:22</c> with a net.</summary>
    public override string ToString()
    {
        var protocol = Evaluation.ProtocolNames.Of(ProtocolNumber).ToLowerInvariant();
        return Net is { } net ? $"{protocol}:{net}:{Port}" : $"{protocol}:{Port}";
    }
}
