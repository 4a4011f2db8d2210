namespace Calico.Typha.LoadClients;

/// <summary>The round receivers currently report to; a change seen while no round is open is counted as stray.</summary>
internal sealed class DeliveryTracker
{
    private DeliveryRound? _current;
    private long _stray;

    public long Stray => Interlocked.Read(ref _stray);

    public void Open(DeliveryRound round) => Volatile.Write(ref _current, round);

    public void Close() => Volatile.Write(ref _current, null);

    public void Record(int receiver, long revision)
    {
        var now = MonotonicClock.NowNanoseconds();
        if (Volatile.Read(ref _current) is { } round)
        {
            round.Record(receiver, revision, now);
        }
        else
        {
            Interlocked.Increment(ref _stray);
        }
    }
}
