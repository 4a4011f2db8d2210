namespace Calico.Nftables;

/// <summary>
/// A set or verdict map as the driver compares it: key type, interval flag, set or map. A kernel set the driver
/// cannot model (other data types or flags) is <see cref="IsForeign"/>: never equal to a desired one, so it is
/// recreated or deleted.
/// </summary>
internal sealed record SetDefinition(SetKeyType KeyType, bool Interval, bool IsMap, bool IsForeign = false)
{
    public string Keyword => IsMap ? "map" : "set";

    public static SetDefinition Of(SetSpec spec) => new(spec.KeyType, spec.Interval, IsMap: false);

    public static SetDefinition Of(VmapSpec spec) => new(spec.KeyType, spec.Interval, IsMap: true);

    /// <summary>The body of <c>add set|map</c>: <c>{ type ipv4_addr; flags interval; }</c>, <c>{ type ifname : verdict; }</c>.</summary>
    public string ToNft() =>
        $"{{ type {KeyType}{(IsMap ? " : verdict" : string.Empty)};{(Interval ? " flags interval;" : string.Empty)} }}";
}
