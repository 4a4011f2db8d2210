using Calico.Api.Resources;

namespace Calico.Bgp.Model;

/// <summary>
/// The effective BGP settings of the rendering node: the BGPConfiguration "default" with the per-node one
/// ("node.NAME") on top, and Calico's defaults (AS 64512, port 179, mesh on, mesh restart time 120 s).
/// </summary>
/// <param name="ListenPort">The port this node's BIRD listens on (null: 179).</param>
/// <param name="ClusterListenPort">The cluster-wide listen port: the port other nodes listen on (null: 179).</param>
internal sealed record BgpSettings(long DefaultAsNumber, bool MeshEnabled, int? ListenPort, int? ClusterListenPort, int MeshRestartSeconds)
{
    public const long DefaultAs = 64512;

    public const int DefaultMeshRestartSeconds = 120;

    public static BgpSettings From(BGPConfiguration? global, BGPConfiguration? perNode)
    {
        var asNumber = global?.Spec.AsNumber ?? DefaultAs;
        var mesh = global?.Spec.NodeToNodeMeshEnabled ?? true;
        var clusterPort = global?.Spec.ListenPort;
        var port = perNode?.Spec.ListenPort ?? clusterPort;
        var restart = global?.Spec.NodeMeshMaxRestartTime.TryParseGoDuration(out var duration) == true
            ? (int)Math.Round(duration.TotalSeconds)
            : DefaultMeshRestartSeconds;
        return new BgpSettings(asNumber, mesh, port is 179 ? null : port, clusterPort is 179 ? null : clusterPort, restart);
    }

    /// <summary>A node's AS: its spec.bgp.asNumber, else the cluster default.</summary>
    public long AsNumberOf(Node node) => node.Spec.Bgp?.AsNumber ?? DefaultAsNumber;
}
