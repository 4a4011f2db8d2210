namespace Calico.Bgp.Peers;

/// <summary>The sessions of one address family, in the order they are rendered.</summary>
/// <param name="MeshComment">Why there is no mesh (route reflector, disabled), or null.</param>
internal sealed record ResolvedPeers(
    IReadOnlyList<BgpSession> Mesh,
    string? MeshComment,
    IReadOnlyList<BgpSession> Global,
    IReadOnlyList<BgpSession> NodeSpecific);
