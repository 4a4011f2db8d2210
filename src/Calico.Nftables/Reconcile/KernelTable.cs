namespace Calico.Nftables;

/// <summary>What <c>nft -j list table inet calico</c> showed, in the driver's terms (see <see cref="KernelTableParser"/>).</summary>
internal sealed class KernelTable
{
    public bool Exists { get; set; }

    public Dictionary<ChainName, ChainState> Chains { get; } = [];

    public Dictionary<SetName, SetDefinition> Sets { get; } = [];

    public Dictionary<SetName, Dictionary<SetElement, Verdict?>> Members { get; } = [];

    /// <summary>Objects of kinds the model does not have ("counter NAME"), to delete: everything in the table is ours.</summary>
    public List<string> ForeignObjects { get; } = [];

    /// <summary>Objects whose names nft could not be given back unquoted; reported, left alone.</summary>
    public List<string> Unmanageable { get; } = [];

    public int RuleCount { get; set; }
}
