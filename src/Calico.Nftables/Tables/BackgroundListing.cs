namespace Calico.Nftables;

/// <summary>
/// A periodic resync's listing of the kernel's table, running in the background while applies go on, and the chains
/// and sets those applies wrote since it started. When it is in, only the objects nobody wrote meanwhile are
/// compared with it: a written object is right by construction (its transaction succeeded after the listing began,
/// so the listing may predate it) and is left to the next resync.
/// </summary>
internal sealed class BackgroundListing
{
    private readonly HashSet<ChainName> _chainsWritten = [];
    private readonly HashSet<SetName> _setsWritten = [];

    public BackgroundListing(Task<KernelTable> listing)
    {
        Listing = listing;
        // Observes a failure, so a listing that fails after it was dropped (a full resync overtook it) is not reported
        // as an unobserved task exception; the apply that takes a failed listing in logs it.
        Completion = listing.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The parsed listing; <see cref="KernelTable.Members"/> holds only the sets that differed from what was programmed when it started.</summary>
    public Task<KernelTable> Listing { get; }

    /// <summary>Completes (never faults) when <see cref="Listing"/> does.</summary>
    public Task Completion { get; }

    public bool IsChainWritten(ChainName name) => _chainsWritten.Contains(name);

    public bool IsSetWritten(SetName name) => _setsWritten.Contains(name);

    /// <summary>
    /// Takes the listing as the programmed state of everything no apply wrote since it started: chains and set
    /// definitions as listed; a set's elements as listed when they differed from what was programmed at the start
    /// (<see cref="KernelTable.Members"/>), none when the set is gone, unchanged otherwise; foreign objects as listed.
    /// The planner then writes the repairs with the pending deltas, in one transaction.
    /// </summary>
    public void ApplyTo(TableState state, KernelTable kernel)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(kernel);
        state.TableExists = kernel.Exists;
        state.Chains.ReplaceDataplane(kernel.Chains, IsChainWritten);
        state.Sets.ReplaceDataplane(kernel.Sets, IsSetWritten);
        foreach (var (name, members) in state.Members)
        {
            if (IsSetWritten(name))
            {
                continue;
            }

            if (kernel.Members.TryGetValue(name, out var listed))
            {
                members.ReplaceDataplane(listed);
            }
            else if (!kernel.Sets.ContainsKey(name))
            {
                members.ReplaceDataplane([]);
            }
        }

        foreach (var (name, listed) in kernel.Members)
        {
            if (!IsSetWritten(name) && !state.Members.ContainsKey(name))
            {
                state.MembersOf(name).ReplaceDataplane(listed);
            }
        }

        state.ForgetUnusedMembers();
        state.ForeignObjects.Clear();
        state.ForeignObjects.AddRange(kernel.ForeignObjects);
    }

    /// <summary>Records what a transaction about to be sent writes (before sending: if it fails, the table resyncs in full and this listing is dropped).</summary>
    public void Written(TransactionPlan plan)
    {
        _chainsWritten.UnionWith(plan.ChainsWritten);
        _setsWritten.UnionWith(plan.SetsWritten);
    }
}
