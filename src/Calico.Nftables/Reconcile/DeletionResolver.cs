namespace Calico.Nftables;

/// <summary>
/// Decides which removed chains and sets can be deleted in this transaction. Something that stays after it (a
/// desired chain's rules, a desired map's elements, or a removed object that must itself wait) keeps what it refers
/// to; the rest is deleted, chains in dependency order (a chain before the chains it jumps to), so that at every
/// delete nothing refers to the object any more.
/// </summary>
internal static class DeletionResolver
{
    public static (IReadOnlyList<ChainName> Chains, IReadOnlyList<SetName> Sets, int Deferred) Resolve(TableState state)
    {
        var chainCandidates = state.Chains.PendingDeletions.ToHashSet();
        var setCandidates = state.Sets.PendingDeletions.ToHashSet();
        if (chainCandidates.Count == 0 && setCandidates.Count == 0)
        {
            return ([], [], 0);
        }

        var chainQueue = new Queue<ChainName>();
        var setQueue = new Queue<SetName>();
        foreach (var desired in state.Chains.Desired.Values)
        {
            Enqueue(desired, chainQueue, setQueue);
        }

        foreach (var (name, definition) in state.Sets.Desired)
        {
            if (definition.IsMap)
            {
                EnqueueTargets(state.MembersOf(name).Desired.Values, chainQueue);
            }
        }

        var keptChains = new HashSet<ChainName>();
        var keptSets = new HashSet<SetName>();
        while (chainQueue.Count > 0 || setQueue.Count > 0)
        {
            while (chainQueue.TryDequeue(out var chain))
            {
                if (chainCandidates.Contains(chain) && keptChains.Add(chain))
                {
                    Enqueue(state.Chains.Dataplane[chain], chainQueue, setQueue);
                }
            }

            while (setQueue.TryDequeue(out var set))
            {
                if (setCandidates.Contains(set) && keptSets.Add(set))
                {
                    EnqueueTargets(state.MembersOf(set).Dataplane.Values, chainQueue);
                }
            }
        }

        chainCandidates.ExceptWith(keptChains);
        setCandidates.ExceptWith(keptSets);
        return (ReferrersFirst(chainCandidates, state), [.. setCandidates.Order()], keptChains.Count + keptSets.Count);
    }

    private static void Enqueue(ChainState chain, Queue<ChainName> chains, Queue<SetName> sets)
    {
        foreach (var target in chain.ChainReferences)
        {
            chains.Enqueue(target);
        }

        foreach (var set in chain.SetReferences)
        {
            sets.Enqueue(set);
        }
    }

    private static void EnqueueTargets(IEnumerable<Verdict?> verdicts, Queue<ChainName> chains)
    {
        foreach (var verdict in verdicts)
        {
            if (verdict?.Target is { } target)
            {
                chains.Enqueue(target);
            }
        }
    }

    /// <summary>Kahn's algorithm over the jumps among the chains being deleted: a chain comes after every chain that jumps to it.</summary>
    private static List<ChainName> ReferrersFirst(HashSet<ChainName> chains, TableState state)
    {
        var referrers = chains.ToDictionary(c => c, _ => 0);
        foreach (var chain in chains)
        {
            foreach (var target in state.Chains.Dataplane[chain].ChainReferences)
            {
                if (referrers.ContainsKey(target) && target != chain)
                {
                    referrers[target]++;
                }
            }
        }

        var ready = new SortedSet<ChainName>(chains.Where(c => referrers[c] == 0));
        var order = new List<ChainName>(chains.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min;
            ready.Remove(next);
            order.Add(next);
            foreach (var target in state.Chains.Dataplane[next].ChainReferences)
            {
                if (referrers.ContainsKey(target) && target != next && --referrers[target] == 0)
                {
                    ready.Add(target);
                }
            }
        }

        // nft forbids jump loops, so every chain is placed; anything left (a loop read from a broken kernel state) goes last.
        order.AddRange(chains.Except(order).Order());
        return order;
    }
}
