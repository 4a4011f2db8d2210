using System.Net;

namespace Calico.Bgp.Peers;

/// <summary>One BGP session of the rendering node: a <c>protocol bgp NAME from bgp_template</c> block.</summary>
/// <param name="Name">The protocol name (kind, address, port).</param>
/// <param name="AsNumber">The peer's AS.</param>
/// <param name="LocalAsNumber">The AS this node presents on this session.</param>
/// <param name="SourceAddress">The local address of the TCP connection (null: BIRD picks).</param>
/// <param name="Passive">Wait for the peer to connect (Calico's rule to make node-to-node sessions one-way).</param>
/// <param name="RouteReflectorClusterId">Set when this node is a route reflector for the peer (<c>rr client</c>).</param>
internal sealed record BgpSession(
    PeerName Name,
    long AsNumber,
    long LocalAsNumber,
    IPAddress? SourceAddress,
    bool Passive,
    string? RouteReflectorClusterId,
    int? GracefulRestartSeconds,
    int? KeepaliveSeconds,
    NextHopMode NextHop,
    int? AllowLocalAs,
    int? TtlSecurityHops)
{
    /// <summary>iBGP: both ends in the same AS.</summary>
    public bool IsInternal => AsNumber == LocalAsNumber;
}
