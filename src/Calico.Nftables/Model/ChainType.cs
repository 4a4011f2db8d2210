namespace Calico.Nftables;

/// <summary>The type of a base chain (nft's <c>type filter|nat|route</c>).</summary>
public enum ChainType
{
    Filter,
    Nat,
    Route,
}
