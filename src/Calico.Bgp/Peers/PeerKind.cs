namespace Calico.Bgp.Peers;

/// <summary>How a BGP session came about; the prefix of its BIRD protocol name says which.</summary>
public enum PeerKind
{
    /// <summary><c>Mesh_</c>: the automatic node-to-node mesh.</summary>
    Mesh,

    /// <summary><c>Node_</c>: a BGPPeer scoped to this node (spec.node or spec.nodeSelector).</summary>
    Node,

    /// <summary><c>Global_</c>: a BGPPeer for every node.</summary>
    Global,
}
