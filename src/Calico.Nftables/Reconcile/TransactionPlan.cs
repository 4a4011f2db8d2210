namespace Calico.Nftables;

/// <summary>
/// A transaction ready to send and what to record once the kernel has accepted it (the programmed side of the
/// trackers is only updated after success, with exactly the values that were sent).
/// </summary>
internal sealed class TransactionPlan(NftScript script, IReadOnlyList<Action> commits, ApplyResult counts)
{
    public NftScript Script { get; } = script;

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
