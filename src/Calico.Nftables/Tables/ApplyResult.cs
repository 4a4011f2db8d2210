namespace Calico.Nftables;

/// <summary>
/// What one <see cref="ITable.ApplyAsync"/> or <see cref="ITable.ResyncAsync"/> sent to the kernel: one transaction
/// of <see cref="Commands"/> lines (none when nothing had changed). After a resync the counts are the corrections
/// it made, i.e. the drift it found plus any desired changes not yet applied.
/// </summary>
public sealed record ApplyResult
{
    public static ApplyResult Unchanged { get; } = new();

    /// <summary>The kernel table was read back and compared before writing (start, <see cref="ITable.ResyncAsync"/>, after a failure).</summary>
    public bool Resynced { get; init; }

    /// <summary>Lines in the transaction (0: nothing sent).</summary>
    public int Commands { get; init; }

    public int ChainsCreated { get; init; }

    /// <summary>Existing chains whose rules were replaced (flush + add) or whose policy changed.</summary>
    public int ChainsRewritten { get; init; }

    public int ChainsDeleted { get; init; }

    public int RulesWritten { get; init; }

    /// <summary>Sets and maps created (or recreated with a new type).</summary>
    public int SetsCreated { get; init; }

    public int SetsDeleted { get; init; }

    /// <summary>Elements that were missing (a rebuilt set also rewrites the elements it already had).</summary>
    public int ElementsAdded { get; init; }

    public int ElementsRemoved { get; init; }

    /// <summary>Interval sets rewritten as flush + add because they lost many elements at once.</summary>
    public int SetsRebuilt { get; init; }

    /// <summary>Objects the model has no kind for (counters, flowtables…) deleted from the table.</summary>
    public int ForeignObjectsDeleted { get; init; }

    /// <summary>Chains or sets whose deletion waits because something that stays still refers to them.</summary>
    public int DeletionsDeferred { get; init; }

    /// <summary>Time spent, including reading the kernel table on a resync.</summary>
    public TimeSpan Elapsed { get; init; }
}
