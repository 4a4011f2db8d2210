using Calico.Api;
using Calico.Api.Defaults;
using Calico.Api.Resources;
using Calico.Core;

namespace Calico.Client.Store;

/// <summary>Checks that need other resources: pool overlaps (with other pools and with the nodes' addresses and subnets), immutable pool fields, the tier a policy names.</summary>
internal static class CrossResourceChecks
{
    /// <summary>Returns (field path, reason) for the first problem, or null.</summary>
    public static (string Path, string Reason)? Check(Resource incoming, Resource? existing, IReadOnlyList<IPPool> otherPools, ISet<string> tiers, IReadOnlyList<Node> nodes)
    {
        switch (incoming)
        {
            case IPPool pool:
                return CheckPool(pool, existing as IPPool, otherPools) ?? CheckPoolAgainstNodes(pool, nodes);
            case NetworkPolicy policy when !tiers.Contains(policy.Spec.Tier ?? BuiltInTiers.Default):
                return ("spec.tier", $"tier \"{policy.Spec.Tier}\" does not exist; create the Tier first");
            case GlobalNetworkPolicy policy when !tiers.Contains(policy.Spec.Tier ?? BuiltInTiers.Default):
                return ("spec.tier", $"tier \"{policy.Spec.Tier}\" does not exist; create the Tier first");
            default:
                return null;
        }
    }

    private static (string, string)? CheckPool(IPPool pool, IPPool? existing, IReadOnlyList<IPPool> otherPools)
    {
        var cidr = Cidr.Parse(pool.Spec.Cidr!);
        if (existing is not null)
        {
            if (!string.Equals(existing.Spec.Cidr, pool.Spec.Cidr, StringComparison.Ordinal))
            {
                return ("spec.cidr", $"cannot change from {existing.Spec.Cidr} to {pool.Spec.Cidr} (the CIDR of a pool is immutable; create a new pool and disable this one)");
            }

            if (existing.Spec.BlockSize != pool.Spec.BlockSize)
            {
                return ("spec.blockSize", $"cannot change from {existing.Spec.BlockSize} to {pool.Spec.BlockSize} (immutable)");
            }
        }

        foreach (var other in otherPools)
        {
            if (string.Equals(other.Name, pool.Name, StringComparison.Ordinal) || !Cidr.TryParseLenient(other.Spec.Cidr, out var otherCidr))
            {
                continue;
            }

            if (cidr.Overlaps(otherCidr))
            {
                return ("spec.cidr", $"{cidr} overlaps IPPool \"{other.Name}\" ({otherCidr}); pools must not overlap");
            }
        }

        return null;
    }

    /// <summary>
    /// The seed's first gotcha: a pool that covers a node's address or overlaps its subnet makes the node route its own
    /// underlay into pods (or the overlay into itself). Refused, naming the node, its address and what overlaps.
    /// </summary>
    private static (string, string)? CheckPoolAgainstNodes(IPPool pool, IReadOnlyList<Node> nodes)
    {
        if (pool.Spec.Disabled == true)
        {
            return null;
        }

        var cidr = Cidr.Parse(pool.Spec.Cidr!);
        foreach (var node in nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            foreach (var text in new[] { node.Spec.Bgp?.Ipv4Address, node.Spec.Bgp?.Ipv6Address })
            {
                if (string.IsNullOrWhiteSpace(text) || !Cidr.TryParseLenient(text, out var subnet))
                {
                    continue;
                }

                var address = System.Net.IPAddress.Parse(text.Split('/')[0]);
                var field = subnet.IsIPv4 ? "spec.bgp.ipv4Address" : "spec.bgp.ipv6Address";
                if (cidr.Contains(address))
                {
                    return ("spec.cidr", $"{cidr} contains the address {address} of node \"{node.Name}\" ({field} {text}); a pool must not include the nodes' own addresses");
                }

                if (subnet.PrefixLength < subnet.MaxPrefixLength && cidr.Overlaps(subnet))
                {
                    return ("spec.cidr", $"{cidr} overlaps the underlay subnet {subnet} of node \"{node.Name}\" ({field} {text}); pods would shadow addresses on the nodes' network");
                }
            }
        }

        return null;
    }
}
