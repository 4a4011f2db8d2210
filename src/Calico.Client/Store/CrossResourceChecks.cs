using Calico.Api;
using Calico.Api.Defaults;
using Calico.Api.Resources;
using Calico.Core;

namespace Calico.Client.Store;

/// <summary>Checks that need other resources: pool overlaps, immutable pool fields, the tier a policy names.</summary>
internal static class CrossResourceChecks
{
    /// <summary>Returns (field path, reason) for the first problem, or null.</summary>
    public static (string Path, string Reason)? Check(Resource incoming, Resource? existing, IReadOnlyList<IPPool> otherPools, ISet<string> tiers)
    {
        switch (incoming)
        {
            case IPPool pool:
                return CheckPool(pool, existing as IPPool, otherPools);
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
}
