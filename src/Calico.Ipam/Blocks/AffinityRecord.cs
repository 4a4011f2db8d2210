using Calico.Api.Resources;
using Calico.Core;
using Calico.Datastore;
using Calico.Ipam.Store;

namespace Calico.Ipam.Blocks;

/// <summary>A BlockAffinity as read: whose, which block, which state, at which revision.</summary>
internal sealed record AffinityRecord(string Name, string Node, Cidr Cidr, string State, long Revision)
{
    public bool IsConfirmed => string.Equals(State, IpamNames.StateConfirmed, StringComparison.Ordinal) || State.Length == 0;

    public ResourceKey Key => IpamNames.AffinityKey(Name);

    /// <summary>Reads a stored affinity; null when it is not a host affinity with a valid CIDR.</summary>
    public static AffinityRecord? From(Stored<BlockAffinity> stored)
    {
        var spec = stored.Resource.Spec;
        if (string.IsNullOrEmpty(spec.Node) || AddressExtensions.ParseStoredCidr(spec.Cidr) is not { } cidr
            || (spec.Type is { Length: > 0 } type && !string.Equals(type, IpamNames.AffinityTypeHost, StringComparison.Ordinal)))
        {
            return null;
        }

        return new AffinityRecord(stored.Resource.Name, spec.Node, cidr, spec.State ?? string.Empty, stored.Revision);
    }

    /// <summary>The resource for <paramref name="node"/>'s affinity to <paramref name="cidr"/> in <paramref name="state"/>.</summary>
    public static BlockAffinity Build(string node, Cidr cidr, string state)
    {
        var affinity = IpamStore.Prepare(new BlockAffinity(), IpamNames.AffinityName(node, cidr));
        affinity.Spec = new BlockAffinitySpec
        {
            State = state,
            Node = node,
            Type = IpamNames.AffinityTypeHost,
            Cidr = cidr.ToString(),
            Deleted = false,
        };
        return affinity;
    }

    /// <summary>The conditional update moving this affinity to <paramref name="state"/>.</summary>
    public TransactionOp WithStateOp(string state) => IpamStore.Update(Build(Node, Cidr, state), Revision);

    public TransactionOp DeleteOp() => IpamStore.Delete(Key, Revision);
}
