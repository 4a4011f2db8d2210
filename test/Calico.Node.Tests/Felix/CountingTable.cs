using Calico.Nftables;

namespace Calico.Node.Tests.Felix;

/// <summary>An ITable that records nothing but counts applies and cache invalidations, and fails applies on demand.</summary>
internal sealed class CountingTable : ITable
{
    private int _applies;
    private int _invalidations;
    private int _failuresToInject;
    private int _backgroundResyncs;
    private TaskCompletionSource _listing = NewListing();

    public TableName Name => TableName.Calico;

    public int Applies => Volatile.Read(ref _applies);

    public int Invalidations => Volatile.Read(ref _invalidations);

    /// <summary>How many times the loop started a background resync.</summary>
    public int BackgroundResyncs => Volatile.Read(ref _backgroundResyncs);

    /// <summary>Background listings stay running until this is called (every one started so far completes).</summary>
    public void CompleteListing() => Interlocked.Exchange(ref _listing, NewListing()).TrySetResult();

    /// <summary>The next <paramref name="count"/> applies throw as a rejected transaction would.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failuresToInject, count);

    public void UpdateChain(Chain chain)
    {
    }

    public void UpdateChains(IEnumerable<Chain> chains)
    {
    }

    public void RemoveChain(ChainName name)
    {
    }

    public void RemoveChains(IEnumerable<ChainName> names)
    {
    }

    public void UpdateSet(SetSpec spec, IEnumerable<SetElement> members)
    {
    }

    public void AddMembers(SetName set, IEnumerable<SetElement> members)
    {
    }

    public void RemoveMembers(SetName set, IEnumerable<SetElement> members)
    {
    }

    public void RemoveSet(SetName set)
    {
    }

    public void UpdateVmap(VmapSpec spec, IEnumerable<KeyValuePair<SetElement, Verdict>> elements)
    {
    }

    public void SetVmapElement(SetName map, SetElement key, Verdict verdict)
    {
    }

    public void RemoveVmapElement(SetName map, SetElement key)
    {
    }

    public void RemoveVmap(SetName map)
    {
    }

    public void InvalidateDataplaneCache() => Interlocked.Increment(ref _invalidations);

    public ValueTask<ApplyResult> ApplyAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Decrement(ref _failuresToInject) >= 0)
        {
            throw new InvalidOperationException("injected: the kernel rejected the transaction");
        }

        Interlocked.Exchange(ref _failuresToInject, 0);
        Interlocked.Increment(ref _applies);
        return ValueTask.FromResult(ApplyResult.Unchanged);
    }

    public Task StartBackgroundResync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _backgroundResyncs);
        return Volatile.Read(ref _listing).Task;
    }

    public ValueTask<ApplyResult> ResyncAsync(CancellationToken cancellationToken = default) => ApplyAsync(cancellationToken);

    public void Dispose()
    {
    }

    private static TaskCompletionSource NewListing() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
