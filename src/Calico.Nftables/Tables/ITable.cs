namespace Calico.Nftables;

/// <summary>
/// The dataplane driver seam (Felix's <c>generictables.Table</c>): managers describe the desired contents of one
/// table (chains, sets, verdict maps); the methods only record that, never touch the kernel. <see cref="ApplyAsync"/>
/// then programs the difference in one atomic transaction, and <see cref="ResyncAsync"/> reads the kernel back and
/// repairs any drift. Implementations: the nftables driver (<see cref="NftablesTableFactory"/>) and
/// <see cref="NoopTable"/>. Not thread-safe: one owner (the dataplane loop) calls it, one call at a time.
/// </summary>
public interface ITable : IDisposable
{
    /// <summary>The table (family inet).</summary>
    public TableName Name { get; }

    /// <summary>Sets the whole contents of a chain (a changed chain is rewritten; an unchanged one is not touched).</summary>
    public void UpdateChain(Chain chain);

    public void UpdateChains(IEnumerable<Chain> chains);

    /// <summary>Removes a chain. It is deleted once nothing that stays jumps to it.</summary>
    public void RemoveChain(ChainName name);

    public void RemoveChains(IEnumerable<ChainName> names);

    /// <summary>Creates or replaces a set and its whole membership.</summary>
    public void UpdateSet(SetSpec spec, IEnumerable<SetElement> members);

    /// <summary>Adds members to a set declared with <see cref="UpdateSet"/>.</summary>
    public void AddMembers(SetName set, IEnumerable<SetElement> members);

    public void RemoveMembers(SetName set, IEnumerable<SetElement> members);

    /// <summary>Removes a set. It is deleted once no rule that stays looks it up.</summary>
    public void RemoveSet(SetName set);

    /// <summary>Creates or replaces a verdict map and all its elements.</summary>
    public void UpdateVmap(VmapSpec spec, IEnumerable<KeyValuePair<SetElement, Verdict>> elements);

    /// <summary>Adds or changes one element of a verdict map declared with <see cref="UpdateVmap"/>.</summary>
    public void SetVmapElement(SetName map, SetElement key, Verdict verdict);

    public void RemoveVmapElement(SetName map, SetElement key);

    public void RemoveVmap(SetName map);

    /// <summary>Forgets what the driver believes is programmed, so the next <see cref="ApplyAsync"/> resyncs.</summary>
    public void InvalidateDataplaneCache();

    /// <summary>
    /// Starts a periodic resync without holding up applies: the table is listed and parsed in the background (through
    /// the bulk client, so deltas on the table's own client go on meanwhile), and the first <see cref="ApplyAsync"/>
    /// after the returned task completes compares the listing with every chain and set no apply wrote since it started
    /// and repairs the drift in the same transaction as its deltas (<see cref="ApplyResult.Resynced"/>). Objects
    /// written meanwhile are right by construction and are checked by the next resync. Returns the running listing's
    /// task if one is running; a completed task when a full resync is due anyway. The task never faults (a failed
    /// listing is logged and the next apply programs only deltas).
    /// </summary>
    public Task StartBackgroundResync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Programs what changed since the last apply, in one transaction. The first apply (and the first after a
    /// failure or <see cref="InvalidateDataplaneCache"/>) is a resync. A failed delta is retried once as a resync;
    /// if that fails too, <see cref="NftablesException"/> names the rule or set at fault and nothing was applied.
    /// </summary>
    public ValueTask<ApplyResult> ApplyAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the kernel's table, compares it object by object with the desired state (chains by rule identity, sets
    /// and maps by definition and element, anything else in the table is someone else's and goes) and repairs every
    /// difference in one transaction.
    /// </summary>
    public ValueTask<ApplyResult> ResyncAsync(CancellationToken cancellationToken = default);
}
