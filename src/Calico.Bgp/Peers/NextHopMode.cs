namespace Calico.Bgp.Peers;

/// <summary>What a BGP session does to the next hop of the routes it sends (BGPPeer nextHopMode / keepOriginalNextHop).</summary>
internal enum NextHopMode
{
    /// <summary>BIRD's default: self for eBGP, unchanged for iBGP.</summary>
    Auto,

    /// <summary><c>next hop self</c>.</summary>
    Self,

    /// <summary><c>next hop keep</c>.</summary>
    Keep,
}
