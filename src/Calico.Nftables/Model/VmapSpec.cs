namespace Calico.Nftables;

/// <summary>
/// A named verdict map (<c>type ifname : verdict</c>), used by rules as <c>iifname vmap @NAME</c> to dispatch to
/// per-endpoint chains in one lookup. Sets and maps share one namespace in a table.
/// </summary>
public sealed record VmapSpec(SetName Name, SetKeyType KeyType, bool Interval = false)
{
    /// <summary>A map from interface name to verdict, the shape of Felix's endpoint dispatch.</summary>
    public static VmapSpec ByInterfaceName(SetName name) => new(name, SetKeyType.IfName);
}
