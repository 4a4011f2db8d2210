namespace Calico.Nftables;

/// <summary>
/// A named set: its key type and whether it holds intervals (CIDRs need <paramref name="Interval"/>; nft rejects
/// overlapping intervals in one set). Changing the type or the flag recreates the set, and rewrites the chains that
/// refer to it, inside one transaction.
/// </summary>
public sealed record SetSpec(SetName Name, SetKeyType KeyType, bool Interval = false)
{
    /// <summary>An IPv4 set (with the interval flag, so it can hold CIDRs).</summary>
    public static SetSpec Ipv4Networks(SetName name) => new(name, SetKeyType.Ipv4Address, Interval: true);

    /// <summary>An IPv6 set (with the interval flag, so it can hold CIDRs).</summary>
    public static SetSpec Ipv6Networks(SetName name) => new(name, SetKeyType.Ipv6Address, Interval: true);
}
