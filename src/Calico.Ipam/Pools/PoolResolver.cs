using System.Net.Sockets;
using Calico.Api.Values;
using Calico.Core;

namespace Calico.Ipam.Pools;

/// <summary>
/// Decides which pools a request may use, and explains every exclusion when none is left: disabled, invalid,
/// nodeSelector not matching the node's labels, allowedUses without the requested use, or not among the named pools.
/// </summary>
internal static class PoolResolver
{
    /// <summary>The usable pools in name order.</summary>
    /// <param name="pools">Every pool.</param>
    /// <param name="family">The address family wanted.</param>
    /// <param name="node">The node (for messages).</param>
    /// <param name="nodeLabels">The Node resource's labels; null when there is no Node resource.</param>
    /// <param name="use">The requested use.</param>
    /// <param name="requested">Pool names or CIDRs the request is restricted to. As in Calico, named pools are used
    /// regardless of their nodeSelector (but must be enabled and allow the use).</param>
    /// <exception cref="IpamException">No pool is usable, or a named pool does not exist.</exception>
    public static IReadOnlyList<PoolInfo> Resolve(IReadOnlyList<PoolInfo> pools, AddressFamily family, string node,
        IReadOnlyDictionary<string, string>? nodeLabels, IPPoolAllowedUse use, IReadOnlyList<string>? requested)
    {
        var version = family == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
        var candidates = pools.Where(p => p.Family == family).ToList();
        var restrict = requested is { Count: > 0 };
        if (restrict)
        {
            candidates = SelectRequested(pools, candidates, requested!, version);
        }

        var labels = nodeLabels ?? new Dictionary<string, string>();
        var usable = new List<PoolInfo>();
        var reasons = new List<string>();
        foreach (var pool in candidates)
        {
            var reason = Exclusion(pool, labels, nodeLabels is null, use, restrict);
            if (reason is null)
            {
                usable.Add(pool);
            }
            else
            {
                reasons.Add($"{pool.Describe()} {reason}");
            }
        }

        if (usable.Count > 0)
        {
            return usable;
        }

        var why = candidates.Count == 0
            ? $"no {version} IPPool exists (create one, e.g. with calicoctl apply)"
            : string.Join("; ", reasons);
        throw new IpamException(IpamErrorKind.NoMatchingPool, $"no {version} pool can assign {use} addresses to node \"{node}\": {why}");
    }

    private static List<PoolInfo> SelectRequested(IReadOnlyList<PoolInfo> all, List<PoolInfo> sameFamily, IReadOnlyList<string> requested, string version)
    {
        var chosen = new List<PoolInfo>();
        foreach (var entry in requested)
        {
            var match = all.FirstOrDefault(p => string.Equals(p.Name, entry, StringComparison.Ordinal))
                ?? (Cidr.TryParseLenient(entry, out var cidr) ? all.FirstOrDefault(p => p.Cidr == cidr) : null);
            if (match is null)
            {
                throw new IpamException(IpamErrorKind.NoMatchingPool,
                    $"the requested {version} pool \"{entry}\" does not exist (known pools: {Known(all)})");
            }

            if (!sameFamily.Contains(match))
            {
                throw new IpamException(IpamErrorKind.InvalidRequest,
                    $"the requested {version} pool \"{entry}\" is {match.Describe()}, not an {version} pool");
            }

            if (!chosen.Contains(match))
            {
                chosen.Add(match);
            }
        }

        return chosen;
    }

    private static string? Exclusion(PoolInfo pool, IReadOnlyDictionary<string, string> labels, bool noNode, IPPoolAllowedUse use, bool requested)
    {
        if (pool.Problem is not null)
        {
            return $"is invalid: {pool.Problem}";
        }

        if (pool.Disabled)
        {
            return "is disabled";
        }

        if (!pool.AllowedUses.Contains(use))
        {
            return $"does not allow {use} (allowedUses: {string.Join(", ", pool.AllowedUses)})";
        }

        if (requested)
        {
            return null;
        }

        if (pool.AssignmentMode == AssignmentMode.Manual)
        {
            return "has assignmentMode Manual (only used when named explicitly)";
        }

        if (pool.NodeSelector is { } selector && !selector.Matches(labels))
        {
            var shown = noNode ? "the node has no Node resource, so no labels" : $"the node's labels are {{{string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}}}";
            return $"nodeSelector \"{pool.NodeSelectorText}\" does not match ({shown})";
        }

        return null;
    }

    private static string Known(IReadOnlyList<PoolInfo> all) =>
        all.Count == 0 ? "none" : string.Join(", ", all.Select(p => $"{p.Name} ({p.Cidr})"));
}
