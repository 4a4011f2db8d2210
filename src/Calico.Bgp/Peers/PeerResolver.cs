using System.Net;
using System.Net.Sockets;
using Calico.Api.Resources;
using Calico.Bgp.Model;
using Calico.Selectors;

namespace Calico.Bgp.Peers;

/// <summary>
/// Works out the BGP sessions of one node and address family, with confd's rules: the node-to-node mesh (unless it is
/// disabled or this node is a route reflector; route reflectors are not meshed with), then the global BGPPeers, then
/// the ones scoped to this node (spec.node or spec.nodeSelector); peerSelector peers expand to the selected nodes.
/// Problems (an unparseable peerIP, a peer without an AS, a bad selector) are added to <c>notes</c> and the peer skipped.
/// </summary>
internal sealed class PeerResolver(BgpSnapshot snapshot, BgpSettings settings, Node localNode, AddressFamily family, IPAddress localAddress, ICollection<string> notes)
{
    private readonly long _localAs = settings.AsNumberOf(localNode);
    private readonly string? _localClusterId = localNode.RouteReflectorClusterId();
    private readonly IReadOnlyDictionary<string, string> _localLabels = localNode.LabelsOrEmpty();

    public ResolvedPeers Resolve()
    {
        var (mesh, meshComment) = ResolveMesh();
        var global = new List<BgpSession>();
        var nodeSpecific = new List<BgpSession>();
        foreach (var peer in snapshot.Peers.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var kind = ScopeOf(peer);
            if (kind is { } k)
            {
                AddDistinct(k == PeerKind.Global ? global : nodeSpecific, SessionsOf(peer, k));
            }
        }

        return new ResolvedPeers(mesh, meshComment, global, nodeSpecific);
    }

    private (IReadOnlyList<BgpSession> Mesh, string? Comment) ResolveMesh()
    {
        if (_localClusterId is not null)
        {
            return ([], $"This node ({snapshot.NodeName}) is configured as a route reflector with cluster ID {_localClusterId}; ignore node-to-node mesh setting.");
        }

        if (!settings.MeshEnabled)
        {
            return ([], "Node-to-node mesh disabled");
        }

        var sessions = new List<BgpSession>();
        foreach (var node in snapshot.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var address = node.BgpAddress(family);
            if (address is null || address.Equals(localAddress) || node.RouteReflectorClusterId() is not null)
            {
                continue;
            }

            sessions.Add(new BgpSession(
                new PeerName(PeerKind.Mesh, address, settings.ClusterListenPort),
                settings.AsNumberOf(node),
                _localAs,
                localAddress,
                IsPassiveTowards(address),
                RouteReflectorClusterId: null,
                settings.MeshRestartSeconds,
                KeepaliveSeconds: null,
                NextHopMode.Auto,
                AllowLocalAs: null,
                TtlSecurityHops: null));
        }

        return (Distinct(sessions), null);
    }

    /// <summary>Global, Node (scoped to this node) or null (scoped to other nodes).</summary>
    private PeerKind? ScopeOf(BGPPeer peer)
    {
        if (!string.IsNullOrEmpty(peer.Spec.Node))
        {
            return string.Equals(peer.Spec.Node, snapshot.NodeName, StringComparison.Ordinal) ? PeerKind.Node : null;
        }

        if (!string.IsNullOrWhiteSpace(peer.Spec.NodeSelector))
        {
            return TryParseSelector(peer, "nodeSelector", peer.Spec.NodeSelector, out var selector) && selector.Matches(_localLabels) ? PeerKind.Node : null;
        }

        return PeerKind.Global;
    }

    private IEnumerable<BgpSession> SessionsOf(BGPPeer peer, PeerKind kind)
    {
        if (!string.IsNullOrWhiteSpace(peer.Spec.PeerSelector))
        {
            if (!TryParseSelector(peer, "peerSelector", peer.Spec.PeerSelector, out var selector))
            {
                yield break;
            }

            foreach (var node in snapshot.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                var address = node.BgpAddress(family);
                if (address is not null && !address.Equals(localAddress) && selector.Matches(node.LabelsOrEmpty()))
                {
                    // Both ends are Calico nodes peering with each other: one of them waits, as in the mesh.
                    yield return Session(peer, kind, address, settings.ClusterListenPort, settings.AsNumberOf(node), node.RouteReflectorClusterId(), IsPassiveTowards(address));
                }
            }

            yield break;
        }

        if (!PeerEndpoint.TryParse(peer.Spec.PeerIp, out var endpoint))
        {
            notes.Add($"BGPPeer {peer.Name}: spec.peerIP \"{peer.Spec.PeerIp}\" is not an address or address:port; skipped");
            yield break;
        }

        if (peer.Spec.AsNumber is not { } asNumber)
        {
            notes.Add($"BGPPeer {peer.Name}: spec.asNumber is required with spec.peerIP; skipped");
            yield break;
        }

        var (address2, port) = endpoint.Value;
        if (address2.AddressFamily == family && !address2.Equals(localAddress))
        {
            yield return Session(peer, kind, address2, port, asNumber, peerClusterId: null, passive: false);
        }
    }

    private BgpSession Session(BGPPeer peer, PeerKind kind, IPAddress address, int? port, long peerAs, string? peerClusterId, bool passive)
    {
        var spec = peer.Spec;
        var localAs = spec.LocalAsNumber ?? _localAs;
        var useNodeIp = !string.Equals(spec.SourceAddress, "None", StringComparison.Ordinal);
        var reflect = _localClusterId is not null && peerAs == localAs && !string.Equals(peerClusterId, _localClusterId, StringComparison.Ordinal);
        var nextHop = spec.NextHopMode switch
        {
            "Self" => NextHopMode.Self,
            "Keep" => NextHopMode.Keep,
            _ when spec.KeepOriginalNextHop == true && peerAs != localAs => NextHopMode.Keep,
            _ => NextHopMode.Auto,
        };
        if (spec.Password?.SecretKeyRef is not null)
        {
            notes.Add($"BGPPeer {peer.Name}: spec.password refers to a Kubernetes secret, which is not resolved here; the session is rendered without a password");
        }

        return new BgpSession(
            new PeerName(kind, address, port),
            peerAs,
            localAs,
            useNodeIp ? localAddress : null,
            passive,
            reflect ? _localClusterId : null,
            Seconds(peer, "maxRestartTime", spec.MaxRestartTime),
            Seconds(peer, "keepaliveTime", spec.KeepaliveTime),
            nextHop,
            spec.NumAllowedLocalAsNumbers is > 0 ? spec.NumAllowedLocalAsNumbers : null,
            spec.TtlSecurity is > 0 ? spec.TtlSecurity : null);
    }

    /// <summary>Calico's rule: the node whose address is greater, compared as text, waits for the other to connect.</summary>
    private bool IsPassiveTowards(IPAddress peer) => string.CompareOrdinal(peer.ToString(), localAddress.ToString()) > 0;

    private int? Seconds(BGPPeer peer, string field, string? duration)
    {
        if (duration is null)
        {
            return null;
        }

        if (duration.TryParseGoDuration(out var value))
        {
            return (int)Math.Round(value.TotalSeconds);
        }

        notes.Add($"BGPPeer {peer.Name}: spec.{field} \"{duration}\" is not a duration; ignored");
        return null;
    }

    private bool TryParseSelector(BGPPeer peer, string field, string text, out Selector selector)
    {
        try
        {
            selector = Selector.Parse(text);
            return true;
        }
        catch (SelectorParseException e)
        {
            notes.Add($"BGPPeer {peer.Name}: spec.{field} is not a valid selector ({e.Message}); skipped");
            selector = Selector.All;
            return false;
        }
    }

    private static void AddDistinct(List<BgpSession> into, IEnumerable<BgpSession> sessions)
    {
        foreach (var session in sessions)
        {
            if (!into.Exists(s => s.Name == session.Name))
            {
                into.Add(session);
            }
        }
    }

    private static List<BgpSession> Distinct(List<BgpSession> sessions)
    {
        var result = new List<BgpSession>();
        AddDistinct(result, sessions);
        return result;
    }
}
