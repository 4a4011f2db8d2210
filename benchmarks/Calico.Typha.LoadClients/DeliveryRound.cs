namespace Calico.Typha.LoadClients;

/// <summary>
/// One update's delivery to every receiver: each receiver records the first time it saw the change (and the revision
/// it saw); <see cref="AllReceived"/> completes when the last one has.
/// </summary>
internal sealed class DeliveryRound
{
    private readonly long[] _receivedAt;
    private readonly long[] _revisions;
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining;

    public DeliveryRound(int receivers)
    {
        _receivedAt = new long[receivers];
        _revisions = new long[receivers];
        _remaining = receivers;
    }

    public Task AllReceived => _all.Task;

    public void Record(int receiver, long revision, long nowNanoseconds)
    {
        if (Interlocked.CompareExchange(ref _receivedAt[receiver], nowNanoseconds, 0) == 0)
        {
            _revisions[receiver] = revision;
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _all.TrySetResult();
            }
        }
    }

    public int Missing => Volatile.Read(ref _remaining);

    /// <summary>Each receiver's delay after <paramref name="startNanoseconds"/>, in ms (receivers that saw nothing left out).</summary>
    public IEnumerable<double> Latencies(long startNanoseconds) => _receivedAt.Where(t => t != 0).Select(t => (t - startNanoseconds) / 1e6);

    /// <summary>Receivers that saw a revision other than <paramref name="expected"/> (a stray write, or a missed one).</summary>
    public int WrongRevisions(long expected) => _revisions.Count(r => r != 0 && r != expected);
}
