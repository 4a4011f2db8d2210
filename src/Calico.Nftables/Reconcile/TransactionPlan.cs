namespace Calico.Nftables;

/// <summary>
/// A transaction ready to send and what to record once the kernel has accepted it (the programmed side of the
/// trackers is only updated after success, with exactly the values that were sent).
/// </summary>
internal sealed class TransactionPlan(NftScript script, IReadOnlyList<Action> commits, ApplyResult counts, IReadOnlySet<ChainName> chainsWritten, IReadOnlySet<SetName> setsWritten)
{
    public NftScript Script { get; } = script;

    /// <summary>Chains the script creates, flushes, rewrites or deletes.</summary>
    public IReadOnlySet<ChainName> ChainsWritten { get; } = chainsWritten;

    /// <summary>Sets and maps the script creates, deletes, or whose elements it adds, removes or rebuilds.</summary>
    public IReadOnlySet<SetName> SetsWritten { get; } = setsWritten;

    public ApplyResult Counts { get; } = counts;

    public bool IsEmpty => Script.IsEmpty;

    public void Commit()
    {
        foreach (var commit in commits)
        {
            commit();
        }
    }
}
