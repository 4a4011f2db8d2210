using Calico.Api;
using Calico.Api.Resources;
using Calico.Core;

namespace Calico.Bgp.Model;

/// <summary>
/// Everything the BIRD configuration of one node is rendered from: the node's name, every Node, every BGPPeer, the
/// BGPConfigurations "default" and "node.&lt;name&gt;", every IPPool and the IPAM blocks affine to this node.
/// Immutable; rendering it twice gives the same text.
/// </summary>
public sealed record BgpSnapshot(
    string NodeName,
    IReadOnlyList<Node> Nodes,
    IReadOnlyList<BGPPeer> Peers,
    BGPConfiguration? GlobalConfiguration,
    BGPConfiguration? NodeConfiguration,
    IReadOnlyList<IPPool> Pools,
    IReadOnlyList<Cidr> AffineBlocks)
{
    /// <summary>The name of the per-node BGPConfiguration of <paramref name="nodeName"/>.</summary>
    public static string NodeConfigurationName(string nodeName) => "node." + nodeName;

    /// <summary>
    /// Picks what BGP needs out of a set of resources (other kinds are ignored): Nodes, BGPPeers, the two
    /// BGPConfigurations, IPPools, and the CIDRs of the IPAMBlocks whose affinity is <c>host:NODE</c> (not deleted).
    /// </summary>
    public static BgpSnapshot FromResources(string nodeName, IEnumerable<Resource> resources)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        ArgumentNullException.ThrowIfNull(resources);
        var nodes = new List<Node>();
        var peers = new List<BGPPeer>();
        var pools = new List<IPPool>();
        var blocks = new List<Cidr>();
        BGPConfiguration? global = null, perNode = null;
        var affinity = "host:" + nodeName;
        var nodeConfigName = NodeConfigurationName(nodeName);
        foreach (var resource in resources)
        {
            switch (resource)
            {
                case Node node:
                    nodes.Add(node);
                    break;
                case BGPPeer peer:
                    peers.Add(peer);
                    break;
                case IPPool pool:
                    pools.Add(pool);
                    break;
                case BGPConfiguration config when string.Equals(config.Name, "default", StringComparison.Ordinal):
                    global = config;
                    break;
                case BGPConfiguration config when string.Equals(config.Name, nodeConfigName, StringComparison.Ordinal):
                    perNode = config;
                    break;
                case IPAMBlock block when string.Equals(block.Spec.Affinity, affinity, StringComparison.Ordinal)
                                          && block.Spec.Deleted != true
                                          && Cidr.TryParse(block.Spec.Cidr, out var cidr, out _):
                    blocks.Add(cidr);
                    break;
            }
        }

        return new BgpSnapshot(nodeName, nodes, peers, global, perNode, pools, blocks);
    }
}
