using System.Diagnostics.CodeAnalysis;
using Calico.Api;
using Calico.Core;
using Calico.Datastore;

namespace Calico.Ipam.Store;

/// <summary>How Calico names and keys IPAM resources.</summary>
internal static class IpamNames
{
    public const string HostAffinityPrefix = "host:";
    public const string AffinityTypeHost = "host";
    public const string StatePending = "pending";
    public const string StateConfirmed = "confirmed";
    public const string StatePendingDeletion = "pendingDeletion";

    /// <summary>The block's resource name: the CIDR with '.', ':' and '/' replaced by '-' (10-0-0-0-26).</summary>
    public static string BlockName(Cidr cidr) =>
        cidr.ToString().Replace('.', '-').Replace(':', '-').Replace('/', '-');

    /// <summary>The BlockAffinity's name: "&lt;node&gt;-&lt;block name&gt;".</summary>
    public static string AffinityName(string node, Cidr cidr) => $"{node}-{BlockName(cidr)}";

    /// <summary>A block's affinity field for a node: "host:&lt;node&gt;".</summary>
    public static string HostAffinity(string node) => HostAffinityPrefix + node;

    public static bool TryParseHostAffinity(string? affinity, [NotNullWhen(true)] out string? node)
    {
        if (affinity is not null && affinity.StartsWith(HostAffinityPrefix, StringComparison.Ordinal))
        {
            node = affinity[HostAffinityPrefix.Length..];
            return true;
        }

        node = null;
        return false;
    }

    public static ResourceKey BlockKey(Cidr cidr) => ResourceKey.Cluster(ResourceKinds.IPAMBlock.StoreKind, BlockName(cidr));

    public static ResourceKey AffinityKey(string name) => ResourceKey.Cluster(ResourceKinds.BlockAffinity.StoreKind, name);

    public static ResourceKey HandleKey(string handleId) => ResourceKey.Cluster(ResourceKinds.IPAMHandle.StoreKind, handleId);
}
