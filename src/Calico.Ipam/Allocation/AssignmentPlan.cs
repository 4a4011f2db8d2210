using System.Net.Sockets;
using Calico.Core;
using Calico.Ipam.Pools;

namespace Calico.Ipam.Allocation;

/// <summary>One family's part of an auto-assign request, with the pools it may use and the settings that apply.</summary>
/// <param name="Node">The node.</param>
/// <param name="Family">IPv4 or IPv6.</param>
/// <param name="Owner">Handle and attributes.</param>
/// <param name="Pools">Usable pools, in preference order.</param>
/// <param name="Config">The cluster's IPAM configuration.</param>
/// <param name="MaxBlocks">The node's block limit for this request (0 = none).</param>
internal sealed record AssignmentPlan(string Node, AddressFamily Family, AllocationOwner Owner, IReadOnlyList<PoolInfo> Pools, IpamConfig Config, int MaxBlocks)
{
    public string Version => Family == AddressFamily.InterNetwork ? "IPv4" : "IPv6";

    /// <summary>The usable pool holding <paramref name="block"/>, and its preference rank; null when none does.</summary>
    public (PoolInfo Pool, int Rank)? PoolOf(Cidr block)
    {
        for (var i = 0; i < Pools.Count; i++)
        {
            if (Pools[i].Cidr.Covers(block))
            {
                return (Pools[i], i);
            }
        }

        return null;
    }
}
