namespace Calico.Nftables;

/// <summary>
/// How nft formats what it prints (the bits are libnftables' <c>NFT_CTX_OUTPUT_*</c>; the process client passes the
/// matching options: -s, -a, -j, -p, -t).
/// </summary>
[Flags]
public enum NftOutputFlags : uint
{
    None = 0,

    /// <summary>Omit counters and other stateful data (<c>-s</c>).</summary>
    Stateless = 1 << 2,

    /// <summary>Print rule and object handles (<c>-a</c>).</summary>
    Handle = 1 << 3,

    /// <summary>JSON instead of nft syntax (<c>-j</c>).</summary>
    Json = 1 << 4,

    /// <summary>Print IP protocols as numbers (<c>-p</c>).</summary>
    NumericProtocol = 1 << 7,

    /// <summary>Omit set contents (<c>-t</c>).</summary>
    Terse = 1 << 11,
}
